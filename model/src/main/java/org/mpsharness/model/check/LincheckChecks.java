package org.mpsharness.model.check;

import java.util.List;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.model.lincheck.AllocatorLin;
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
                        LincheckRunner.modelCheck(FreelistLin.class, FreelistSpec.class, 10, 200,
                                FreelistLin.releaseReacquire());
                    } else {
                        go(FreelistLin.class, FreelistSpec.class, 10, 200);
                    }
                    if (modelChecking) {
                        LincheckRunner.modelCheck(FreelistWaitLin.class, FreelistSpec.class, 0, 200,
                                FreelistWaitLin.lostWakeup());
                    }
                    break;
                case ONCE_PER_SLOT:
                    OncePerSlotLin.factory = (n, f) -> Instances.once(impl, n, f);
                    go(OncePerSlotLin.class, OncePerSlotSpec.class, 10, 200);
                    break;
                case COMMIT_GATE:
                    CommitGateLin.factory = Instances.gate(impl);
                    CommitGate probe = CommitGateLin.factory.get();
                    CommitGateLin.continues = !probe.mode().equals("off");
                    go(CommitGateLin.class, CommitGateSpec.class, 10, 200);
                    break;
                case STREAM_POOL:
                    StreamPoolLin.factory = (d, g, cfg) -> Instances.pool(impl, d, g, cfg);
                    go(StreamPoolLin.class, StreamPoolSpec.class, 8, 150);
                    break;
                case ALLOCATOR:
                    AllocatorLin.factory = (p, cfg) -> Instances.allocator(impl, p, cfg);
                    if (modelChecking) {
                        AllocatorLin.modelCheck();
                    } else {
                        AllocatorLin.stress();
                    }
                    break;
                default:
                    throw new AssertionError(c);
            }
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
