package org.mpsharness.core.sim;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.lock.LockOrderChecker;

/**
 * A simulated command buffer: a list of operations run in order by its queue. Enforces the command-buffer rules of
 * invariant 10 by throwing, and retains the buffers it uses until it completes.
 */
final class SimCommandBuffer implements CommandBuffer {

    /** One encoded operation; returns false when it cannot run yet (an unsatisfied event wait in MANUAL mode). */
    private interface Op {
        boolean run();
    }

    private final SimQueue queue;
    private final SimDevice device;
    private final List<Op> ops = new ArrayList<>();
    private final List<Runnable> handlers = new ArrayList<>();
    private final List<SimBuffer> retained = new ArrayList<>();
    private int pc; // next op to run; touched only by the thread that runs the queue
    private volatile Status status = Status.NOT_ENQUEUED;
    private volatile String error;

    SimCommandBuffer(SimQueue queue) {
        this.queue = queue;
        this.device = queue.device();
    }

    private void requireEncodable(String what) {
        if (status != Status.NOT_ENQUEUED) {
            throw new IllegalStateException(what + " on a command buffer of '" + queue.label()
                    + "' after it was committed");
        }
    }

    /** Retains a live buffer for the GPU; a released one is a use-after-free: reported, and the write still lands. */
    private SimBuffer use(DeviceBuffer b, String op) {
        SimBuffer sb = (SimBuffer) b;
        if (sb.isReleased()) {
            device.violation("use after free: " + op + " encoded on released " + sb + " (stream '" + queue.label()
                    + "')");
        } else {
            sb.retainForGpu();
            retained.add(sb);
        }
        return sb;
    }

    @Override
    public synchronized void fill(DeviceBuffer buffer, long offset, long length, byte value) {
        requireEncodable("fill");
        checkRange(buffer, offset, length);
        SimBuffer sb = use(buffer, "fill");
        ops.add(() -> {
            sb.simHeap().memory().fill(sb.offset() + offset, length, value);
            return true;
        });
    }

    @Override
    public synchronized void verify(DeviceBuffer buffer, long offset, long length, byte expected, PatternCheck result) {
        requireEncodable("verify");
        checkRange(buffer, offset, length);
        SimBuffer sb = use(buffer, "verify");
        ops.add(() -> {
            long[] r = sb.simHeap().memory().verify(sb.offset() + offset, length, expected);
            result.report(r[0], r[1] < 0 ? -1 : r[1] - sb.offset(), (int) r[2]);
            return true;
        });
    }

    @Override
    public synchronized void compute(long nanos) {
        requireEncodable("compute");
        ops.add(() -> {
            SimDevice.spin(nanos);
            return true;
        });
    }

    @Override
    public synchronized void encodeSignalEvent(SharedEvent event, long value) {
        requireEncodable("encodeSignalEvent");
        SimSharedEvent e = (SimSharedEvent) event;
        ops.add(() -> {
            e.signal(value);
            return true;
        });
    }

    @Override
    public synchronized void encodeWaitForEvent(SharedEvent event, long value) {
        requireEncodable("encodeWaitForEvent");
        SimSharedEvent e = (SimSharedEvent) event;
        ops.add(() -> {
            if (device.config().mode() == SimConfig.Mode.MANUAL) {
                return e.signaledValue() >= value;
            }
            try {
                if (!e.waitUntilSignaledOnGpu(value, device.config().waitTimeoutMillis())) {
                    error = "queue '" + queue.label() + "' waited " + device.config().waitTimeoutMillis()
                            + " ms for event #" + e.id() + " >= " + value + " (signalled " + e.signaledValue() + ")";
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                error = "interrupted while waiting for event #" + e.id();
            }
            return true;
        });
    }

    @Override
    public synchronized void addCompletedHandler(Runnable handler) {
        if (status != Status.NOT_ENQUEUED) {
            throw new IllegalStateException("addCompletedHandler after commit on a command buffer of '"
                    + queue.label() + "' (pytorch#100285)");
        }
        handlers.add(handler);
    }

    @Override
    public void commit() {
        commit(device.config().commitCpuNanos());
    }

    @Override
    public CommandBuffer commitAndContinue() {
        commit(device.config().continueCpuNanos());
        return queue.commandBuffer();
    }

    private void commit(long cpuNanos) {
        synchronized (this) {
            if (status != Status.NOT_ENQUEUED) {
                throw new IllegalStateException("command buffer of '" + queue.label() + "' committed twice");
            }
            status = Status.COMMITTED;
        }
        SimDevice.spin(cpuNanos);
        queue.submit(this);
    }

    @Override
    public void waitUntilCompleted() {
        if (status == Status.NOT_ENQUEUED) {
            throw new IllegalStateException("waitUntilCompleted on an uncommitted command buffer of '"
                    + queue.label() + "': this deadlocks on Metal");
        }
        LockOrderChecker.assertMayBlock("waitUntilCompleted on '" + queue.label() + "'");
        if (device.config().mode() == SimConfig.Mode.MANUAL) {
            device.driveUntil(this::finished);
            return;
        }
        synchronized (this) {
            while (!finished()) {
                try {
                    wait();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted in waitUntilCompleted", ie);
                }
            }
        }
    }

    boolean finished() {
        Status s = status;
        return s == Status.COMPLETED || s == Status.ERROR;
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public String error() {
        return error;
    }

    /** Runs ops from the program counter; false when blocked on an unsatisfied wait (MANUAL mode only). */
    boolean runOps() {
        while (pc < ops.size()) {
            boolean ok;
            try {
                ok = ops.get(pc).run();
            } catch (RuntimeException ex) {
                error = "GPU work failed on '" + queue.label() + "': " + ex;
                ok = true;
            }
            if (!ok) {
                return false;
            }
            pc++;
        }
        return true;
    }

    /** Marks completion, drops GPU references, wakes waiters; returns the handlers to run. */
    List<Runnable> complete() {
        long delay = device.faults().completionDelay();
        if (delay > 0 && device.config().mode() == SimConfig.Mode.ASYNC) {
            SimDevice.sleepNanos(delay);
        }
        List<Runnable> toRun;
        synchronized (this) {
            status = error == null ? Status.COMPLETED : Status.ERROR;
            for (SimBuffer b : retained) {
                b.releaseFromGpu();
            }
            retained.clear();
            toRun = new ArrayList<>(handlers);
            handlers.clear();
            notifyAll();
        }
        if (error != null) {
            device.violation("command buffer error: " + error);
        }
        return toRun;
    }

    private static void checkRange(DeviceBuffer b, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > b.length()) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") outside buffer of " + b.length());
        }
    }
}
