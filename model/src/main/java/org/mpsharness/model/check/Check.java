package org.mpsharness.model.check;

/** One way of deciding whether an implementation of a component is correct. */
public interface Check {

    String name();

    boolean appliesTo(Component c);

    /** Runs the check on {@code impl}; a thrown exception or assertion is the check's rejection. */
    void run(Class<?> impl, Component c) throws Exception;
}
