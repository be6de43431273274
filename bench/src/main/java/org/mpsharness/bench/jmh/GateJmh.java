package org.mpsharness.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.CommitGates;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The commit gate's decision alone (improvement 2), each measuring thread deciding on its own stream of its own gate:
 * the improved decision ({@code AdaptiveCommitGate}, mode auto) against the ungated baseline
 * ({@code DisabledCommitGate}, mode off, which always says "plain commit"), with one active stream (the single-stream
 * case the improvement is for: the improved decision says "continue") and with two (it says "no").
 *
 * <p>Target (issue 11): the single-stream decision within 2× the ungated one. {@code decision*} is the decision as
 * MpsStream makes it, under the stream's mutex (the gate's contract requires it, and the baseline's commit takes the
 * same mutex); {@code gateOnly*} is the gate's calls without the mutex (legal here: one thread decides on the stream),
 * the gate's own cost on top of the mutex.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GateJmh {
    /** baseline: {@code DisabledCommitGate} (the ungated decision); improved: {@code AdaptiveCommitGate}. */
    @Param({"baseline", "improved"})
    public String design;

    /** A gate of the benchmark's design with {@code active} streams active; decisions are made on the first. */
    abstract static class Active {
        StreamPool pool;
        CommitGate gate;
        MpsStream stream;
        Supplier<Boolean> decide;

        void open(GateJmh bench, int active) {
            pool = new ImprovedStreamPool(new SimDevice(), new DisabledCommitGate(), PoolConfig.defaults());
            gate = CommitGates.forMode(bench.design.equals("baseline") ? "off" : "auto");
            stream = pool.getStream(1);
            for (int s = 1; s <= active; s++) {
                gate.activate(pool.getStream(s));
            }
            decide = this::decideNow;
        }

        Boolean decideNow() {
            if (gate.tryBeginContinue(stream)) {
                gate.endContinue(stream); // the continue itself (device work) is not part of the decision
                return Boolean.TRUE;
            }
            return Boolean.FALSE;
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    /** One active stream: the improved decision continues (biased: two loads, no write). */
    @State(Scope.Thread)
    public static class OneActive extends Active {
        @Setup(Level.Trial)
        public void setUp(GateJmh bench) {
            open(bench, 1);
        }
    }

    /** Two active streams: the improved decision says no after reading the other streams' users. */
    @State(Scope.Thread)
    public static class TwoActive extends Active {
        @Setup(Level.Trial)
        public void setUp(GateJmh bench) {
            open(bench, 2);
        }
    }

    @Benchmark
    public Boolean decisionOneActive(OneActive a) {
        return a.stream.underMutex(a.decide);
    }

    @Benchmark
    public Boolean decisionTwoActive(TwoActive a) {
        return a.stream.underMutex(a.decide);
    }

    @Benchmark
    public Boolean gateOnlyOneActive(OneActive a) {
        return a.decideNow();
    }

    @Benchmark
    public Boolean gateOnlyTwoActive(TwoActive a) {
        return a.decideNow();
    }
}
