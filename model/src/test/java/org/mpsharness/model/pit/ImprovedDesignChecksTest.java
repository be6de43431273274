package org.mpsharness.model.pit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.Part;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckSuite;
import org.mpsharness.model.check.Component;

/**
 * The mutation-testing suite: every check of the harness, one test per (component, check), on the improved design's
 * class of each component. PIT (scripts/pit.sh) mutates core's improved classes and runs these tests, cheapest first,
 * until one fails: a mutant no check rejects survives, and the campaign's report lists it.
 *
 * <p>Why its own suite, tagged and kept out of the build: PIT needs tests that run in its own JVM (the checks'
 * in-process form, not {@code check}'s child JVMs) and that name one check each, so that its timing orders them; and
 * the whole suite on every mutant takes far longer than CI may.
 */
@Tag("mutation")
class ImprovedDesignChecksTest {

    /** System property: the components whose checks run (comma-separated {@link Component} names; default all). */
    static final String COMPONENTS = "harness.pit.components";

    static Stream<Arguments> checks() {
        List<Arguments> out = new ArrayList<>();
        CheckSuite suite = new CheckSuite();
        String only = System.getProperty(COMPONENTS, "").trim().toUpperCase(java.util.Locale.ROOT);
        for (Component c : Component.values()) {
            if (!only.isEmpty() && !java.util.Arrays.asList(only.split("\\s*,\\s*")).contains(c.name())) {
                continue;
            }
            Class<?> impl = c == Component.STREAM_POOL ? ImprovedStreamPool.class : improvedPart(c.part());
            for (String check : suite.applicable(impl)) {
                out.add(Arguments.of(c.name().toLowerCase(java.util.Locale.ROOT), check, impl));
            }
        }
        return out.stream();
    }

    private static Class<?> improvedPart(Part p) {
        return DesignSet.improved().part(p);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("checks")
    void passes(String component, String check, Class<?> impl) {
        CheckOutcome o = new CheckSuite().run(impl, check);
        assertThat(o.verdict()).as("%s on %s:%n%s", check, impl.getName(), o.shortTrace(40))
                .isEqualTo(CheckOutcome.Verdict.PASS);
    }
}
