package org.mpsharness.model.check;

import java.util.List;

/** The contract checks: per component, targeted sequential and small multi-threaded scenarios. */
public final class Contracts {
    private Contracts() {
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("contract violated: " + what);
        }
    }

    public static List<Check> all() {
        return List.of(new Check() {
            @Override
            public String name() {
                return "contract";
            }

            @Override
            public boolean appliesTo(Component c) {
                return true;
            }

            @Override
            public void run(Class<?> impl, Component c) throws Exception {
                switch (c) {
                    case FREELIST:
                        FreelistContract.run(Instances.freelist(impl));
                        break;
                    case ONCE_PER_SLOT:
                        OnceContract.run(impl);
                        break;
                    case COMMIT_GATE:
                        GateContract.run(Instances.gate(impl));
                        break;
                    case STREAM_POOL:
                        PoolContract.run(impl);
                        break;
                    case ALLOCATOR:
                        AllocatorContract.run(impl);
                        break;
                    default:
                        throw new AssertionError(c);
                }
            }
        });
    }
}
