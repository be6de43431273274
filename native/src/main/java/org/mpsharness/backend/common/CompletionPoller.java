package org.mpsharness.backend.common;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The one completion thread of a native device: it polls the oldest in-flight command buffer of every queue
 * ({@code cuEventQuery} on CUDA, {@code status} on Metal) and completes those that finished, in per-queue FIFO order.
 *
 * <p>Why polling rather than driver callbacks: CUDA host callbacks ({@code cuLaunchHostFunc}) run on a driver thread
 * that must not call CUDA, and Metal completion handlers are Objective-C blocks, which JNA cannot build. Polling one
 * event per queue is cheap (≈0.1–0.4 µs per direct-mapped query) and keeps every completion on one known thread.
 *
 * <p>Back-off: spin briefly while work is in flight, then yield, then park for growing intervals up to 200 µs; park
 * until woken when nothing is in flight. Committers and waiters {@link #wake()} it.
 */
public final class CompletionPoller {

    /** What the poller thread needs around each scan: a current CUDA context, an autorelease pool on Metal. */
    public interface ScanScope {
        void run(Runnable scan);
    }

    private final CopyOnWriteArrayList<BackendQueue> queues = new CopyOnWriteArrayList<>();
    private final DeviceLedger ledger;
    private final ScanScope scope;
    private final Thread thread;
    private final Runnable scan = this::scanOnce;
    private volatile boolean stopping;
    private long stopDeadline;
    // touched only by the poller thread
    private boolean progress;
    private boolean pending;

    public CompletionPoller(String deviceName, DeviceLedger ledger, ScanScope scope) {
        this.ledger = ledger;
        this.scope = scope;
        this.thread = new Thread(this::loop, deviceName + "-completion-poller");
        thread.setDaemon(true);
        thread.start();
    }

    void register(BackendQueue q) {
        queues.add(q);
    }

    public void wake() {
        LockSupport.unpark(thread);
    }

    /** True when called on the poller thread (completion-time code may need to know). */
    public boolean onPollerThread() {
        return Thread.currentThread() == thread;
    }

    private void loop() {
        int idle = 0;
        while (true) {
            progress = false;
            pending = false;
            try {
                scope.run(scan);
            } catch (RuntimeException | Error e) {
                ledger.violation("completion poller: " + e);
            }
            if (stopping && (!pending || System.nanoTime() - stopDeadline > 0)) {
                return;
            }
            if (progress) {
                idle = 0;
            } else if (!pending) {
                idle = 0;
                LockSupport.parkNanos(this, 20_000_000L);
            } else {
                idle++;
                if (idle < 32) {
                    Thread.onSpinWait();
                } else if (idle < 48) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(this, Math.min(200_000L, 10_000L << Math.min(idle - 48, 5)));
                }
            }
        }
    }

    private void scanOnce() {
        for (BackendQueue q : queues) {
            QueuedCommandBuffer head;
            while ((head = q.inFlightHead()) != null) {
                if (!head.pollDone()) {
                    pending = true;
                    break;
                }
                q.removeHead(head);
                head.complete();
                progress = true;
            }
            if (head == null && q.isReleased()) {
                queues.remove(q);
            }
        }
    }

    /** Completes what is in flight (waiting at most {@code millis}), then stops the thread. */
    public void shutdown(long millis) {
        stopDeadline = System.nanoTime() + millis * 1_000_000L;
        stopping = true;
        wake();
        try {
            thread.join(millis + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
