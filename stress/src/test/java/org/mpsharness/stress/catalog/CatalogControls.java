package org.mpsharness.stress.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mpsharness.model.catalog.SeededBug;
import org.mpsharness.stress.runner.TestOutcome;

/**
 * The catalog's jcstress controls against what jcstress did in this build: every control that the catalog names as
 * evidence for a variant must have run here and shown its forbidden outcome. Why: the catalog (model module) cannot
 * see jcstress, so without this check a control named in its table would count as evidence even in a build where
 * jcstress never ran it.
 */
public final class CatalogControls {
    private CatalogControls() {
    }

    /** One line per named control that did not run, or ran and was not caught, in {@code ran}. */
    public static List<String> unconfirmed(List<SeededBug> catalog, List<TestOutcome> ran) {
        Map<String, TestOutcome> byName = ran.stream().collect(Collectors.toMap(TestOutcome::name,
                Function.identity(), (a, b) -> a));
        List<String> problems = new ArrayList<>();
        for (SeededBug b : catalog) {
            if (b.jcstressControl() == null) {
                continue;
            }
            String test = "org.mpsharness.stress." + b.jcstressControl();
            TestOutcome t = byName.get(test);
            if (t == null) {
                problems.add(b.id() + ": its control " + b.jcstressControl() + " did not run in this build");
            } else if (!t.passed()) {
                problems.add(b.id() + ": its control " + b.jcstressControl() + " ran and was not caught (status "
                        + t.status() + ", " + t.forbiddenSamples() + " forbidden of " + t.totalSamples() + ")");
            }
        }
        return problems;
    }
}
