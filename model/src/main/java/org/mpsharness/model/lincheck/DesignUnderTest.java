package org.mpsharness.model.lincheck;

import org.mpsharness.core.design.DesignSet;

/**
 * The design a Lincheck run checks. Lincheck builds each subject through its public no-argument constructor, many
 * times, on its own threads; the subject builds the component it exercises from the design named here, so that a
 * check can run the same subject on any design (a built-in one, a seeded variant, a user's class).
 *
 * <p>The design is named by the system property {@value #PROPERTY} (a design spec, see {@link DesignSet#parse}): a
 * check selects it for the duration of one Lincheck run ({@link #select}); a child JVM started for one design can set
 * it on its command line. Unset, subjects check the improved design.
 */
public final class DesignUnderTest {
    /** System property holding the spec of the design under test. */
    public static final String PROPERTY = "harness.design";

    private DesignUnderTest() {
    }

    /** The design under test now. */
    public static DesignSet get() {
        String spec = System.getProperty(PROPERTY);
        return spec == null ? DesignSet.improved() : DesignSet.parse(spec, DesignUnderTest.class.getClassLoader());
    }

    /** Selects {@code design} until the returned scope is closed (the previous selection is restored). */
    public static Scope select(DesignSet design) {
        String before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, design.spec());
        return new Scope(before);
    }

    /** A selection, undone by {@link #close}. */
    public static final class Scope implements AutoCloseable {
        private final String before;

        private Scope(String before) {
            this.before = before;
        }

        @Override
        public void close() {
            if (before == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, before);
            }
        }
    }
}
