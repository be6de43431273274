package org.mpsharness.model.lincheck;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Lincheck subject for improvement 2 (the commit gate), with {@link CommitGateSpec}. Streams are <em>shared</em>: each
 * operation names the stream it acts on, and a logical thread is one user of each stream it activated (bookkeeping
 * per (thread, stream)), so two threads can be users of one stream — the default stream's normal case, and the one
 * the counting design's ABA needs.
 *
 * <p>The safety property is checked inside {@link #commitOnce}: the decision runs under the stream's mutex as
 * {@code MpsStream} runs it, and while the commit-and-continue is in progress no user of another stream may have a
 * finished activation; a breach returns -1, which the specification never does.
 */
public class CommitGateLin {
    public static volatile Supplier<CommitGate> factory = AdaptiveCommitGate::new;
    /** Whether the design ever continues (auto) or never (off): selects the specification's answer. */
    public static volatile boolean continues = true;
    /** Logical threads the bookkeeping has room for (scenarios use up to 3). */
    static final int THREADS = 4;
    /** Streams the operations choose from. */
    static final int STREAMS = 3;

    private final CommitGate gate = factory.get();
    private final MpsStream[] streams = new MpsStream[STREAMS];
    /** Entry t * STREAMS + s is 1 after thread t's activation of s returned, 0 again before its deactivation. */
    private final AtomicIntegerArray active = new AtomicIntegerArray(THREADS * STREAMS);

    public CommitGateLin() {
        // Fresh streams per instance: a decision takes the stream's mutex, and no mutex may outlive an invocation.
        SimDevice device = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        for (int s = 0; s < STREAMS; s++) {
            streams[s] = MpsStream.create(device, s, new DisabledCommitGate(), null, () -> Long.MAX_VALUE);
        }
    }

    /** Thread {@code tid} becomes a user of {@code stream}: 1, or 0 when it already is one (nothing done). */
    @Operation
    public int activate(@Param(gen = ThreadIdGen.class) int tid, @Param(gen = IntGen.class, conf = "0:2") int stream) {
        int i = tid * STREAMS + stream;
        if (active.get(i) == 1) {
            return 0;
        }
        gate.activate(streams[stream]);
        active.set(i, 1);
        return 1;
    }

    /** Thread {@code tid} stops using {@code stream}: 1, or 0 when it was not a user (nothing done). */
    @Operation
    public int deactivate(@Param(gen = ThreadIdGen.class) int tid,
                          @Param(gen = IntGen.class, conf = "0:2") int stream) {
        int i = tid * STREAMS + stream;
        if (active.get(i) == 0) {
            return 0;
        }
        active.set(i, 0);
        gate.deactivate(streams[stream]);
        return 1;
    }

    /** One commit on {@code stream}: 1 = commit-and-continue, 0 = plain commit, -1 = continued beside another stream. */
    @Operation
    public int commitOnce(@Param(gen = IntGen.class, conf = "0:2") int stream) {
        MpsStream st = streams[stream];
        return st.underMutex(() -> {
            if (!gate.tryBeginContinue(st)) {
                return 0;
            }
            int r = 1;
            for (int i = 0; i < active.length(); i++) {
                if (i % STREAMS != stream && active.get(i) == 1) {
                    r = -1;
                }
            }
            try {
                gate.endContinue(st);
            } catch (RuntimeException e) {
                if (r == 1) {
                    throw e;
                }
            }
            return r; // -1 takes precedence over a gate that also noticed the breach at endContinue
        });
    }

    @Operation
    public int activeStreams() {
        return gate.activeStreams();
    }

    /**
     * The counting design's ABA: threads 0 and 1 use stream 0; thread 0 decides on stream 0 while thread 2 activates
     * stream 2 and thread 1 leaves stream 0 (the count is back where the decision read it).
     */
    public static ExecutionScenario aba() {
        return LincheckRunner.scenario(CommitGateLin.class,
                List.of(new Object[] {"activate", 0, 0}, new Object[] {"activate", 1, 0}),
                List.of(List.<Object[]>of(new Object[] {"commitOnce", 0}),
                        List.<Object[]>of(new Object[] {"deactivate", 1, 0}),
                        List.<Object[]>of(new Object[] {"activate", 2, 2})));
    }

    /**
     * A bias revoked during a fast-path continue: stream 0 continued once (biased), decides again while thread 1
     * activates stream 1.
     */
    public static ExecutionScenario revocation() {
        return LincheckRunner.scenario(CommitGateLin.class,
                List.of(new Object[] {"activate", 0, 0}, new Object[] {"commitOnce", 0}),
                List.of(List.<Object[]>of(new Object[] {"commitOnce", 0}, new Object[] {"activeStreams"}),
                        List.<Object[]>of(new Object[] {"activate", 1, 1}, new Object[] {"commitOnce", 1})));
    }

    /**
     * A decision that meets another stream's continue: thread 1 uses stream 0 and leaves it while thread 2's
     * commit-and-continue on stream 0 is in progress, then starts activating stream 1 (counted, waiting); thread 3
     * decides on stream 1, whose only user is that activation and where no other stream has a user. The gate word
     * still says that stream 0 continues: the decision must answer no, not take the word over (the continue on 0 would
     * then end on a word of stream 1).
     */
    public static ExecutionScenario continueOverAnother() {
        return LincheckRunner.scenario(CommitGateLin.class, List.of(),
                List.of(List.<Object[]>of(new Object[] {"activate", 1, 0}, new Object[] {"deactivate", 1, 0},
                                new Object[] {"activate", 1, 1}),
                        List.<Object[]>of(new Object[] {"commitOnce", 0}),
                        List.<Object[]>of(new Object[] {"commitOnce", 1})));
    }

    /**
     * A thread moves from stream 2 to stream 1 (activates 1, then leaves 2) while another counts the active streams:
     * some stream is active at every instant, so the count is never 0 — a single collect of the users can see neither
     * (it reads stream 1 before the move and stream 2 after it).
     */
    public static ExecutionScenario countDuringMove() {
        return LincheckRunner.scenario(CommitGateLin.class, List.<Object[]>of(new Object[] {"activate", 1, 2}),
                List.of(List.<Object[]>of(new Object[] {"activate", 1, 1}, new Object[] {"deactivate", 1, 2}),
                        List.<Object[]>of(new Object[] {"activeStreams"})));
    }
}
