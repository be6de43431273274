package org.mpsharness.stress.support;

import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Objects shared by many jcstress test instances. jcstress builds hundreds of thousands of states per run, so anything
 * a state only <em>uses</em> (never changes) is built once here; what a test races on is built per state.
 */
public final class Fixtures {
    /** Owners for freelist tests: ownership is by identity, so threads that never run are enough. */
    public static final Thread OWNER_A = new Thread(() -> { }, "owner-A");
    public static final Thread OWNER_B = new Thread(() -> { }, "owner-B");
    public static final Thread OWNER_X = new Thread(() -> { }, "owner-X");

    /** A deterministic simulated device: GPU work runs only when driven, so no device threads are started. */
    private static final SimDevice DEVICE = manualDevice();
    /** Streams 0..3 for the commit-gate tests, which only use a stream's identity and index. */
    private static final MpsStream[] STREAMS = new MpsStream[4];

    static {
        for (int i = 0; i < STREAMS.length; i++) {
            STREAMS[i] = MpsStream.create(DEVICE, i, new DisabledCommitGate(), null, () -> Long.MAX_VALUE);
        }
    }

    /** Result code of an actor that caught an unexpected exception. */
    public static final int EXCEPTION = -9;

    private Fixtures() {
    }

    /** A new deterministic simulated device (MANUAL mode: no worker threads). */
    public static SimDevice manualDevice() {
        return new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
    }

    /** Stream {@code i} (0..3) of the shared device. */
    public static MpsStream stream(int i) {
        return STREAMS[i];
    }

    /** Pool settings for tests: never wait for a slot (a test that needs one more slot than it has is wrong). */
    public static PoolConfig noWaitPool() {
        return new PoolConfig(0, PoolConfig.Exhausted.ERROR);
    }
}
