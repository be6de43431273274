package org.mpsharness.model.check;

import java.util.List;

/**
 * Lincheck, in both modes, on every subject the component's descriptor lists, with the variant in the improved
 * design. Model checking explores interleavings (it assumes sequential consistency); stress runs real threads on the
 * real memory model.
 */
public final class LincheckChecks {
    private LincheckChecks() {
    }

    /** Model checking, then stress. */
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
            return modelChecking || c.lincheckSubjects().stream().anyMatch(LincheckSubjects::stresses);
        }

        @Override
        public void run(Class<?> impl, Component c) {
            for (LincheckSubjects s : c.lincheckSubjects()) {
                if (modelChecking) {
                    s.modelCheck(c.design(impl));
                } else {
                    s.stress(c.design(impl));
                }
            }
        }
    }
}
