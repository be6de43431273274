package org.mpsharness.backend.common;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs completion handlers, in completion order, on one daemon thread per device (Metal's completion queue).
 *
 * <p>Why not on the completion poller itself: a handler may block on an allocator lock (the baseline's heap-update
 * handlers take the allocator mutex) while the lock's holder waits for a stream mutex whose holder waits in
 * {@code waitUntilCompleted} for some <em>other</em> command buffer. If the thread that detects completions were the
 * one stuck in the handler, that wait could never end. The simulated device avoids this by having one worker per
 * queue; with a single device-wide poller, handlers must run elsewhere. Completion status, retains and verify
 * results are settled before the handlers are queued, exactly as in the simulated device.
 */
public final class HandlerRunner {
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final DeviceLedger ledger;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean running;

    public HandlerRunner(String deviceName, DeviceLedger ledger) {
        this.ledger = ledger;
        this.thread = new Thread(this::loop, deviceName + "-completion-handlers");
        thread.setDaemon(true);
        thread.start();
    }

    public void submit(List<Runnable> handlers) {
        queue.addAll(handlers);
    }

    /** True when no handler is queued or running (approximately: for diagnostics and quiescence waits). */
    public boolean idle() {
        return queue.isEmpty() && !running;
    }

    private void loop() {
        while (true) {
            Runnable h;
            try {
                h = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                h = null;
            }
            if (h == null) {
                if (stopping && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            running = true;
            try {
                h.run();
            } catch (RuntimeException | Error ex) {
                ledger.violation("completion handler failed: " + ex);
            } finally {
                running = false;
            }
        }
    }

    /** Runs what is queued, then stops; waits at most {@code millis}. */
    public void shutdown(long millis) {
        stopping = true;
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
