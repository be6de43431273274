package org.mpsharness.model.catalog;

/**
 * One deliberately broken variant: which class, made with which concurrency mutation operator, breaking which
 * invariant (numbered as in runtime-facts.md), and the jcstress control that also exercises it, if any
 * ({@code package.ClassName} under {@code org.mpsharness.stress}; the stress module's build fails when a control is
 * not caught, and a test there checks that every control named here exists).
 */
public record SeededBug(Class<?> implementation, String operator, String invariant, String description,
                        String jcstressControl) {

    public SeededBug(Class<?> implementation, String operator, String invariant, String description) {
        this(implementation, operator, invariant, description, null);
    }

    /** The same variant, also exercised by the named jcstress control. */
    public SeededBug withControl(String control) {
        return new SeededBug(implementation, operator, invariant, description, control);
    }

    public String id() {
        return implementation.getSimpleName();
    }
}
