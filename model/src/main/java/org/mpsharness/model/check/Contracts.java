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

    /** The contract of the variant's component (its descriptor says which). */
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
                c.contract(impl, c.design(impl));
            }
        });
    }
}
