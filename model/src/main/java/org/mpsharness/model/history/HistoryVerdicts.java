package org.mpsharness.model.history;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.spec.SpecRegistry;

/** Decides a workload's recorded histories against the component specs of the same names. */
public final class HistoryVerdicts {
    private HistoryVerdicts() {
    }

    /** Spec name → result, for each history of {@link RecordedHistories#from}. */
    public static Map<String, CheckResult> check(Map<String, History> histories, Duration limit) {
        SpecRegistry specs = SpecRegistry.standard();
        Map<String, CheckResult> out = new LinkedHashMap<>();
        LinearizabilityChecker checker = new LinearizabilityChecker().withTimeLimit(limit);
        for (Map.Entry<String, History> e : histories.entrySet()) {
            Spec<?> spec = specs.require(e.getKey());
            out.put(e.getKey(), checker.check(spec, e.getValue().operations()));
        }
        return out;
    }
}
