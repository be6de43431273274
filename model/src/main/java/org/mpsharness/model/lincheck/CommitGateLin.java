package org.mpsharness.model.lincheck;

import java.util.function.Supplier;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Lincheck subject for improvement 2 (the commit gate), with {@link CommitGateSpec}. Each logical thread owns one
 * stream. The safety property is checked inside {@link #commitOnce}: while a commit-and-continue is in progress, no
 * other thread may have finished activating its stream; a breach returns -1, which the specification never does.
 */
public class CommitGateLin {
    public static volatile Supplier<CommitGate> factory = AdaptiveCommitGate::new;
    /** Whether the design ever continues (auto) or never (off): selects the specification's answer. */
    public static volatile boolean continues = true;
    static final int THREADS = 4;
    private static final Device DEVICE = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
    private static final StreamPool POOL = new ImprovedStreamPool(DEVICE, new DisabledCommitGate(),
            PoolConfig.defaults());

    private final CommitGate gate = factory.get();
    private final MpsStream[] streams = new MpsStream[THREADS];
    /** Set after activate returned, cleared before deactivate: the test's own view of who is active. */
    private final boolean[] active = new boolean[THREADS];
    private volatile int activeCount;

    public CommitGateLin() {
        for (int t = 0; t < THREADS; t++) {
            streams[t] = POOL.getStream(t + 1); // stream objects only identify; the gate under test is fresh
        }
    }

    @Operation
    public int activate(@Param(gen = ThreadIdGen.class) int tid) {
        if (active[tid]) {
            return 0;
        }
        gate.activate(streams[tid]);
        active[tid] = true;
        activeCount++;
        return 1;
    }

    @Operation
    public int deactivate(@Param(gen = ThreadIdGen.class) int tid) {
        if (!active[tid]) {
            return 0;
        }
        active[tid] = false;
        activeCount--;
        gate.deactivate(streams[tid]);
        return 1;
    }

    /** One commit: 1 = commit-and-continue, 0 = plain commit, -1 = continued while another stream was active. */
    @Operation
    public int commitOnce(@Param(gen = ThreadIdGen.class) int tid) {
        if (!gate.tryBeginContinue(streams[tid])) {
            return 0;
        }
        try {
            for (int t = 0; t < THREADS; t++) {
                if (t != tid && active[t]) {
                    return -1;
                }
            }
            return 1;
        } finally {
            gate.endContinue(streams[tid]);
        }
    }

    @Operation
    public int activeStreams() {
        return gate.activeStreams();
    }
}
