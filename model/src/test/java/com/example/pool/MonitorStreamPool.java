package com.example.pool;

import java.util.concurrent.TimeUnit;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.PoolShutdownException;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.pool.SlotsExhaustedException;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * A user's stream pool written from scratch against the public API only (it extends none of the project's pools and
 * lives outside its packages): one Java monitor guards everything, and backpressure is {@code wait}/{@code notifyAll}.
 * Slow under contention by design, but correct; the test beside it runs every check of the harness on it, which is
 * what a user does with {@code ./harness check --design com.example.pool.MonitorStreamPool}.
 */
public final class MonitorStreamPool implements StreamPool {
    private final Device device;
    private final CommitGate gate;
    private final PoolConfig config;
    private final MpsStream[] streams = new MpsStream[NUM_STREAMS]; // guarded by this
    private final Thread[] owners = new Thread[NUM_STREAMS]; // guarded by this
    private final ThreadLocal<int[]> current = ThreadLocal.withInitial(() -> new int[] {DEFAULT_SLOT});
    private boolean alive = true; // guarded by this
    private boolean closed; // guarded by this

    public MonitorStreamPool(Device device, CommitGate gate, PoolConfig config) {
        this.device = device;
        this.gate = gate;
        this.config = config;
    }

    @Override
    public String design() {
        return "monitor";
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public CommitGate gate() {
        return gate;
    }

    @Override
    public synchronized int acquireSlot() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.acquireTimeoutMillis());
        while (true) {
            if (!alive) {
                throw new PoolShutdownException("acquireSlot on a shut-down pool");
            }
            reclaimDeadOwners();
            for (int s = 1; s < NUM_STREAMS; s++) {
                if (owners[s] == null) {
                    MpsStream stream = streamLocked(s); // throws on a failed creation: the slot stays free
                    owners[s] = Thread.currentThread();
                    gate.activate(stream);
                    return s;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (config.onExhausted() == PoolConfig.Exhausted.DEFAULT_STREAM) {
                    return DEFAULT_SLOT;
                }
                throw new SlotsExhaustedException("all worker slots taken for " + config.acquireTimeoutMillis()
                        + " ms");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker slot", e);
            }
        }
    }

    @Override
    public synchronized ReleaseOutcome releaseStreamSlot(int slot) {
        if (slot == DEFAULT_SLOT) {
            return ReleaseOutcome.DEFAULT_SLOT;
        }
        if (slot < 0 || slot >= NUM_STREAMS) {
            throw new IllegalArgumentException("stream slot out of range: " + slot);
        }
        if (!alive) {
            return ReleaseOutcome.AFTER_SHUTDOWN;
        }
        if (owners[slot] == null) {
            return ReleaseOutcome.ALREADY_FREE;
        }
        if (owners[slot] != Thread.currentThread()) {
            return ReleaseOutcome.NOT_OWNER;
        }
        freeLocked(slot);
        if (current.get()[0] == slot) {
            current.get()[0] = DEFAULT_SLOT;
        }
        return ReleaseOutcome.RELEASED;
    }

    private void freeLocked(int slot) {
        gate.deactivate(streams[slot]);
        owners[slot] = null;
        notifyAll();
    }

    @Override
    public synchronized int reclaimDeadOwners() {
        int n = 0;
        for (int s = 1; s < NUM_STREAMS; s++) {
            if (owners[s] != null && !owners[s].isAlive()) {
                freeLocked(s);
                n++;
            }
        }
        return n;
    }

    private MpsStream streamLocked(int index) {
        if (streams[index] == null) {
            streams[index] = MpsStream.create(device, index, gate, null, () -> Long.MAX_VALUE);
        }
        return streams[index];
    }

    @Override
    public synchronized MpsStream getStream(int index) {
        if (index < 0 || index >= NUM_STREAMS) {
            throw new IllegalArgumentException("stream index out of range: " + index);
        }
        return streamLocked(index);
    }

    @Override
    public MpsStream getDefaultStream() {
        return getStream(DEFAULT_SLOT);
    }

    @Override
    public synchronized MpsStream peekStream(int index) {
        return streams[index];
    }

    @Override
    public synchronized void setCurrentStream(MpsStream stream) {
        for (int i = 0; i < NUM_STREAMS; i++) {
            if (streams[i] == stream && stream != null) {
                current.get()[0] = i;
                return;
            }
        }
        throw new IllegalArgumentException(stream + " is not a stream of this pool");
    }

    @Override
    public MpsStream getCurrentStream() {
        return getStream(current.get()[0]);
    }

    @Override
    public int currentSlot() {
        return current.get()[0];
    }

    @Override
    public SlotLease lease() {
        int slot = acquireSlot();
        MpsStream s = getStream(slot);
        setCurrentStream(s);
        return SlotLease.of(this, slot, s);
    }

    @Override
    public synchronized int freeSlots() {
        int n = 0;
        for (int s = 1; s < NUM_STREAMS; s++) {
            n += owners[s] == null ? 1 : 0;
        }
        return n;
    }

    @Override
    public synchronized Thread ownerOf(int slot) {
        return slot <= DEFAULT_SLOT || slot >= NUM_STREAMS ? null : owners[slot];
    }

    @Override
    public synchronized int createdStreams() {
        int n = 0;
        for (MpsStream s : streams) {
            n += s != null ? 1 : 0;
        }
        return n;
    }

    @Override
    public synchronized void shutdown() {
        alive = false;
        notifyAll();
    }

    @Override
    public synchronized boolean isShutdown() {
        return !alive;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown();
        for (MpsStream s : streams) {
            if (s != null) {
                s.release();
            }
        }
    }
}
