package org.mpsharness.model.pit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

    /**
     * System property: the components whose checks run ({@link Component} names separated by commas or '+' — PIT's
     * command line splits its JVM arguments at commas; default all).
     */
    static final String COMPONENTS = "harness.pit.components";

    /**
     * System property: only these checks (names as {@code check} prints them, separated by commas or '+'; default
     * every check) — for a quick confirmation that a new clause kills its mutants; a campaign's figures use all.
     */
    static final String CHECKS = "harness.pit.checks";

    static Stream<Arguments> checks() {
        List<Arguments> out = new ArrayList<>();
        CheckSuite suite = new CheckSuite();
        for (Component c : Component.values()) {
            if (!selected(COMPONENTS, c.name())) {
                continue;
            }
            Class<?> impl = c == Component.STREAM_POOL ? ImprovedStreamPool.class : improvedPart(c.part());
            for (String check : suite.applicable(impl)) {
                if (selected(CHECKS, check)) {
                    out.add(Arguments.of(c.name().toLowerCase(Locale.ROOT), check, impl));
                }
            }
        }
        return out.stream();
    }

    /** Whether the property (a list; empty or unset: everything) names {@code name}, case aside. */
    private static boolean selected(String property, String name) {
        String list = System.getProperty(property, "").trim();
        return list.isEmpty() || Arrays.stream(list.split("\\s*[,+]\\s*")).anyMatch(name::equalsIgnoreCase);
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
