package org.mpsharness.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
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
 * The stream pool's per-operation paths (improvements 3, 4, 5 and the gate of 2) under contention, baseline against
 * improved, on the simulated device (no device call is on these paths once the streams exist).
 *
 * <p>Why these four: they are what an inference thread does around every kernel launch or model step. In the baseline,
 * {@code getStream} takes the creation mutex even when the stream exists (improvement 4), {@code setCurrentStream} scans
 * the pool for the slot under that mutex (improvement 3), and acquire/release go through a freelist under its own
 * mutex (improvement 5); each serializes every thread on a mutex. The improved design reads a published reference,
 * reads the index stored on the stream, and CASes a bitmask. {@code commitDecision} is the adaptive gate's decision
 * per commit (improvement 2), under the stream's mutex: the baseline never continues, so this measures what the
 * improvement costs.
 *
 * <p>Each measuring thread owns one worker slot for the whole trial (the pool has 31, so at most 31 threads; acquired
 * on the thread itself, as ownership is per thread). {@code acquireRelease} uses no held slot, so it runs up to 31
 * threads as well. JMH sums throughput over the measuring threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamPoolJmh {
    /**
     * A design spec: baseline, improved, or improved-bitmask: the improved pool with the design note's literal
     * freelist (one atomic bitmask) instead of the home-slot freelist that scales.
     */
    @Param({"baseline", "improved", "improved-bitmask"})
    public String design;

    StreamPool pool;
    /** The pool's streams in a plain array: the floor for a stream lookup ({@link #arrayRead}). */
    MpsStream[] plainStreams;

    @Setup(Level.Trial)
    public void open() {
        DesignSet d = DesignSet.parse(design);
        pool = d.newPool(new SimDevice(), d.newGate(d.defaultCommitMode()), PoolConfig.defaults());
        plainStreams = new MpsStream[StreamPool.NUM_STREAMS];
        for (int i = 0; i < plainStreams.length; i++) {
            plainStreams[i] = pool.getStream(i);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.close();
    }

    /** A measuring thread's own slot and stream, acquired and released on that thread. */
    @State(Scope.Thread)
    public static class Worker {
        int slot;
        MpsStream stream;
        StreamPool pool;
        java.util.function.Supplier<Boolean> decide;

        @Setup(Level.Trial)
        public void acquire(StreamPoolJmh bench) {
            pool = bench.pool;
            slot = pool.acquireSlot();
            if (slot == StreamPool.DEFAULT_SLOT) {
                throw new IllegalStateException("no worker slot left: run at most 31 threads");
            }
            stream = pool.getStream(slot);
            CommitGate gate = pool.gate();
            MpsStream s = stream;
            decide = () -> {
                if (gate.tryBeginContinue(s)) {
                    gate.endContinue(s);
                    return Boolean.TRUE;
                }
                return Boolean.FALSE;
            };
        }

        @TearDown(Level.Trial)
        public void release() {
            pool.releaseStreamSlot(slot);
        }
    }

    /** The stream of one's own slot, which exists: the baseline takes the creation mutex, the improved reads. */
    @Benchmark
    public MpsStream getStream(Worker w) {
        return pool.getStream(w.slot);
    }

    /**
     * The floor for {@link #getStream}: the same stream from a plain array ({@code MpsStream[] arr; return arr[i]}),
     * no range check of the pool's, no once-per-slot, no acquire load. Issue 11's target: the improved getStream
     * within 1.5x of it.
     */
    @Benchmark
    public MpsStream arrayRead(Worker w) {
        return plainStreams[w.slot];
    }

    /** Making one's stream current: the baseline scans the pool under the mutex, the improved reads its index. */
    @Benchmark
    public MpsStream setCurrentStream(Worker w) {
        pool.setCurrentStream(w.stream);
        return pool.getCurrentStream();
    }

    /** A slot taken and given back (a request served by a short-lived thread): freelist plus gate activation. */
    @Benchmark
    public ReleaseOutcome acquireRelease() {
        return pool.releaseStreamSlot(pool.acquireSlot());
    }

    /**
     * The commit decision of one command buffer, under the stream's mutex as MpsStream makes it: may it
     * commit-and-continue? With one active worker the improved gate says yes (biased: two loads, no write); with
     * several it says no after reading the other streams' users. {@link GateJmh} isolates it on one thread.
     */
    @Benchmark
    public Boolean commitDecision(Worker w) {
        return w.stream.underMutex(w.decide);
    }
}
