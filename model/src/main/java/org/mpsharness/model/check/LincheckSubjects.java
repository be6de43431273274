package org.mpsharness.model.check;

import java.util.function.Supplier;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.model.lincheck.AllocatorLin;
import org.mpsharness.model.lincheck.AllocatorScenarios;
import org.mpsharness.model.lincheck.AllocatorSpec;
import org.mpsharness.model.lincheck.CommitGateLin;
import org.mpsharness.model.lincheck.CommitGateSpec;
import org.mpsharness.model.lincheck.DesignUnderTest;
import org.mpsharness.model.lincheck.FreelistLin;
import org.mpsharness.model.lincheck.FreelistSpec;
import org.mpsharness.model.lincheck.FreelistWaitLin;
import org.mpsharness.model.lincheck.LincheckRunner;
import org.mpsharness.model.lincheck.OncePerSlotLin;
import org.mpsharness.model.lincheck.OncePerSlotSpec;
import org.mpsharness.model.lincheck.StreamPoolLin;
import org.mpsharness.model.lincheck.StreamPoolSpec;
import org.mpsharness.model.lincheck.StreamPoolWaitLin;

/**
 * The Lincheck subjects, each with its sequential specification, its custom scenarios and its quick-mode budgets
 * (threads; model checking: scenarios x interleavings; stress: scenarios x invocations). A {@link Component} lists the subjects
 * that exercise it; the subject builds the component from the design under test ({@link DesignUnderTest}).
 */
public enum LincheckSubjects {
    /** Hand-written waits that only a wake-up ends (a lost wake-up is a hang), from a full freelist. */
    FREELIST_WAIT(FreelistWaitLin.class, FreelistSpec.Full.class, 2, 0, 200, -1, 0, FreelistWaitLin::lostWakeup,
            FreelistWaitLin::reclaimWakeup, FreelistWaitLin::twoWaiters),
    /** Three-thread races on the last slots and on dead owners' slots, from a full freelist. */
    FREELIST_FULL(FreelistLin.Full.class, FreelistSpec.Full.class, 3, 0, 200, -1, 0, FreelistLin::releaseReacquire,
            FreelistLin::doubleReclaim, FreelistLin::exitReleaseVsReclaim),
    /** Random scenarios on a nearly full freelist with dead owners. */
    FREELIST(FreelistLin.class, FreelistSpec.class, 2, 10, 200, 10, 400),
    ONCE(OncePerSlotLin.class, OncePerSlotSpec.class, 2, 10, 200, 10, 400, OncePerSlotLin::threeCreators),
    /** Three threads sharing three streams: two users of one stream and an activation of another (the ABA). */
    GATE(CommitGateLin.class, CommitGateSpec.class, 3, 10, 200, 10, 400, CommitGateLin::aba,
            CommitGateLin::revocation, CommitGateLin::continueOverAnother, CommitGateLin::countDuringMove),
    /** The pool exhausted with the DEFAULT_STREAM ending (three threads). */
    POOL_DEFAULT(StreamPoolLin.DefaultStream.class, StreamPoolSpec.DefaultStream.class, 3, 0, 150, -1, 0,
            StreamPoolLin::exhaustToDefault),
    /** Waiting acquires that only another owner's release ends. */
    POOL_WAIT(StreamPoolWaitLin.class, StreamPoolWaitLin.Spec.class, 3, 0, 150, -1, 0,
            () -> StreamPoolWaitLin.handOff(2), () -> StreamPoolWaitLin.handOff(3)),
    /** Random scenarios on a nearly full pool with a dead owner, and its exhaustion with the ERROR ending. */
    POOL(StreamPoolLin.class, StreamPoolSpec.class, 2, 8, 150, 8, 300, StreamPoolLin::exhaust),
    /**
     * The baseline finding (emptyCache racing a malloc on a block the GPU still retains), on the subject without a
     * thread that ended: measured, 15 interleavings did not find it; 30 found it in 6 of 6 runs (5 to 29 s on the 2-core
     * build machine at load 7, the first run paying for Lincheck's class transformation).
     */
    ALLOCATOR_FINDING(AllocatorLin.WithoutEndedThread.class, AllocatorSpec.WithoutEndedThread.class, 2, 0, 30, -1, 0,
            AllocatorLin::emptyCacheRaceWithoutEndedThread) {
        @Override
        int[] thoroughModelChecking() {
            return new int[] {0, 150};
        }
    },
    /**
     * One three-thread scenario per state where an allocator bug lives (pending foreign events, reuse across streams,
     * statistics during traffic, a dead thread's cache and stripe, flush against emptyCache, cross-thread frees), then
     * random scenarios; every invocation starts with a thread that ended. An invocation builds a device, a pool and an
     * allocator, so the thorough budgets are the subject's own (minutes, not hours).
     */
    ALLOCATOR(AllocatorLin.class, AllocatorSpec.class, 2, 1, 8, 5, 200, AllocatorScenarios::reuseAcrossStreams,
            AllocatorScenarios::pendingEvent, AllocatorScenarios::statsDuringTraffic, AllocatorScenarios::threadEnd,
            AllocatorScenarios::flushThenMalloc, AllocatorScenarios::crossThreadFree) {
        /** About 0.4 s an invocation (three threads) on the 2-core build machine: 5 x 50 plus 6 x 50 is minutes. */
        @Override
        int[] thoroughModelChecking() {
            return new int[] {5, 50};
        }

        /**
         * More scenarios, not more invocations per scenario: a scenario's threads keep every subject of it reachable
         * through the allocators' thread-locals until they end, and 1,000 invocations of one scenario ran out of a
         * 2 GiB heap (GC overhead limit), 200 (the quick budget's) do not.
         */
        @Override
        int[] thoroughStress() {
            return new int[] {25, 200};
        }
    };

    private final Class<?> subject;
    private final Class<?> spec;
    private final int threads;
    private final int mcIterations;
    private final int mcInvocations;
    private final int stressIterations;
    private final int stressInvocations;
    private final Supplier<ExecutionScenario>[] custom;

    @SafeVarargs
    LincheckSubjects(Class<?> subject, Class<?> spec, int threads, int mcIterations, int mcInvocations,
                     int stressIterations, int stressInvocations, Supplier<ExecutionScenario>... custom) {
        this.subject = subject;
        this.spec = spec;
        this.threads = threads;
        this.mcIterations = mcIterations;
        this.mcInvocations = mcInvocations;
        this.stressIterations = stressIterations;
        this.stressInvocations = stressInvocations;
        this.custom = custom;
    }

    public Class<?> subject() {
        return subject;
    }

    /**
     * Thorough model-checking budget (scenarios, interleavings each); null for the runner's default (30 x 1,000), which
     * suits subjects whose invocation costs a few milliseconds. A subject of hand-written scenarios only (no random
     * scenario in quick mode) gets none in thorough mode either: its waiting operations, in a random scenario with no
     * free after them, wait for good — a hang of the scenario, not of the design (found by `check --thorough` on
     * HomeSlotFreelist, BitmaskFreelist and ImprovedStreamPool, 2026-11-30).
     */
    int[] thoroughModelChecking() {
        return mcIterations == 0 ? new int[] {0, 1_000} : null;
    }

    /** Thorough stress budget (scenarios, invocations each); null for the runner's default (100 x 10,000). */
    int[] thoroughStress() {
        return null;
    }

    /** Whether this subject runs in stress mode at all. */
    boolean stresses() {
        return stressIterations >= 0;
    }

    /** Model checking of the subject on {@code design}; throws on a violation. */
    void modelCheck(DesignSet design) {
        try (DesignUnderTest.Scope s = select(design)) {
            ExecutionScenario[] sc = new ExecutionScenario[custom.length];
            for (int i = 0; i < custom.length; i++) {
                sc[i] = custom[i].get();
            }
            try {
                int[] t = thoroughModelChecking();
                if (t == null) {
                    LincheckRunner.modelCheckThreads(subject, spec, threads, mcIterations, mcInvocations, sc);
                } else {
                    LincheckRunner.modelCheckThreads(subject, spec, threads, mcIterations, mcInvocations, t[0], t[1],
                            sc);
                }
            } catch (AssertionError e) {
                if (!LincheckRunner.isTimedMonitorWaitArtefact(e) || sc.length == 0) {
                    throw e;
                }
                // Not a verdict on the design: Lincheck cannot model a timed Object.wait. The same scenarios on
                // real threads decide instead, and the report says so.
                System.err.println("lincheck: " + subject.getSimpleName() + ": the design waits with a timed "
                        + "Object.wait, which model checking cannot represent (it keeps the monitor); its "
                        + sc.length + " scenarios ran under stress instead");
                LincheckRunner.stressScenarios(subject, spec, LincheckRunner.thorough() ? 20_000 : 2_000, sc);
            }
        }
    }

    /** Stress (real threads, the real memory model) of the subject on {@code design}; throws on a violation. */
    void stress(DesignSet design) {
        if (!stresses()) {
            return;
        }
        try (DesignUnderTest.Scope s = select(design)) {
            int[] t = thoroughStress();
            if (t == null) {
                LincheckRunner.stressThreads(subject, spec, threads, stressIterations, stressInvocations);
            } else {
                LincheckRunner.stressThreads(subject, spec, threads, stressIterations, stressInvocations, t[0], t[1]);
            }
        }
    }

    /** Makes {@code design} the one the subjects build (and, until every subject reads it, their factories). */
    private static DesignUnderTest.Scope select(DesignSet design) {
        FreelistLin.factory = design::newFreelist;
        OncePerSlotLin.factory = design::newOnce;
        CommitGateLin.factory = design::newGate;
        CommitGateLin.continues = !design.defaultCommitMode().equals("off");
        StreamPoolLin.factory = design::newPool;
        AllocatorLin.factory = design::newAllocator;
        return DesignUnderTest.select(design);
    }
}
