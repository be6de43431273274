package org.mpsharness.model.check;

import java.util.List;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.model.lincheck.AllocatorLin;
import org.mpsharness.model.lincheck.AllocatorSpec;
import org.mpsharness.model.lincheck.CommitGateLin;
import org.mpsharness.model.lincheck.CommitGateSpec;
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
 * Lincheck, in both modes, on the component's subject with its deterministic sequential specification. Model checking
 * explores interleavings (it assumes sequential consistency); stress runs real threads on the real memory model.
 */
public final class LincheckChecks {
    private LincheckChecks() {
    }

    public static List<Check> all() {
        return List.of(new Mode("lincheck-model-checking", true), new Mode("lincheck-stress", false));
    }

    private static final class Mode implements Check {
        private final String name;
        private final boolean modelChecking;

        Mode(String name, boolean modelChecking) {
            this.name = name;
            this.modelChecking = modelChecking;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean appliesTo(Component c) {
            return true;
        }

        @Override
        public void run(Class<?> impl, Component c) {
            switch (c) {
                case FREELIST:
                    FreelistLin.factory = Instances.freelist(impl);
                    if (modelChecking) {
                        // the hand-written scenarios first: 3 threads where it matters, waits that need a wake-up
                        LincheckRunner.modelCheck(FreelistWaitLin.class, FreelistSpec.Full.class, 0, 200,
                                FreelistWaitLin.lostWakeup(), FreelistWaitLin.reclaimWakeup(),
                                FreelistWaitLin.twoWaiters());
                        LincheckRunner.modelCheck(FreelistLin.Full.class, FreelistSpec.Full.class, 0, 200,
                                FreelistLin.releaseReacquire(), FreelistLin.doubleReclaim(),
                                FreelistLin.exitReleaseVsReclaim());
                        LincheckRunner.modelCheck(FreelistLin.class, FreelistSpec.class, 10, 200);
                    } else {
                        go(FreelistLin.class, FreelistSpec.class, 10, 200);
                    }
                    break;
                case ONCE_PER_SLOT:
                    OncePerSlotLin.factory = (n, f) -> Instances.once(impl, n, f);
                    if (modelChecking) {
                        LincheckRunner.modelCheck(OncePerSlotLin.class, OncePerSlotSpec.class, 10, 200,
                                OncePerSlotLin.threeCreators());
                    } else {
                        go(OncePerSlotLin.class, OncePerSlotSpec.class, 10, 200);
                    }
                    break;
                case COMMIT_GATE:
                    CommitGateLin.factory = Instances.gate(impl);
                    CommitGate probe = CommitGateLin.factory.get();
                    CommitGateLin.continues = !probe.mode().equals("off");
                    go(CommitGateLin.class, CommitGateSpec.class, 10, 200);
                    break;
                case STREAM_POOL:
                    StreamPoolLin.factory = (d, g, cfg) -> Instances.pool(impl, d, g, cfg);
                    if (modelChecking) {
                        streamPoolModelChecks();
                    } else {
                        go(StreamPoolLin.class, StreamPoolSpec.class, 8, 150);
                    }
                    break;
                case ALLOCATOR:
                    AllocatorLin.factory = (p, cfg) -> Instances.allocator(impl, p, cfg);
                    if (modelChecking) {
                        LincheckRunner.modelCheck(AllocatorLin.class, AllocatorSpec.class, 2, 30,
                                AllocatorLin.emptyCacheRace(), AllocatorLin.reuseRace());
                    } else {
                        LincheckRunner.stress(AllocatorLin.class, AllocatorSpec.class, 5, 200);
                    }
                    break;
                default:
                    throw new AssertionError(c);
            }
        }

        /**
         * The pool exhausted (both configured endings, three threads), waits that a release must end, then random
         * scenarios.
         */
        private static void streamPoolModelChecks() {
            LincheckRunner.modelCheck(StreamPoolLin.DefaultStream.class, StreamPoolSpec.DefaultStream.class, 0, 150,
                    StreamPoolLin.exhaustToDefault());
            LincheckRunner.modelCheck(StreamPoolWaitLin.class, StreamPoolWaitLin.Spec.class, 0, 150,
                    StreamPoolWaitLin.handOff(2), StreamPoolWaitLin.handOff(3));
            LincheckRunner.modelCheck(StreamPoolLin.class, StreamPoolSpec.class, 8, 150, StreamPoolLin.exhaust());
        }

        private void go(Class<?> subject, Class<?> spec, int iterations, int invocations) {
            if (modelChecking) {
                LincheckRunner.modelCheck(subject, spec, iterations, invocations);
            } else {
                LincheckRunner.stress(subject, spec, iterations, invocations * 2);
            }
        }
    }
}
