package org.mpsharness.model.history;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.spec.SpecRegistry;

/**
 * Decides a workload's recorded histories against the component specs of the same names, through the one path
 * {@link HistoryDecider}.
 */
public final class HistoryVerdicts {
    private HistoryVerdicts() {
    }

    /**
     * Spec name → result, for each history of {@link RecordedHistories#from}.
     *
     * @throws IllegalStateException when a recorded history cannot be decided (no operations, or an operation its spec
     *                               rejects): our own recorder wrote it, so that is a defect of the harness, not a
     *                               verdict about the design
     */
    public static Map<String, CheckResult> check(Map<String, History> histories, Duration limit) {
        SpecRegistry specs = SpecRegistry.standard();
        Map<String, CheckResult> out = new LinkedHashMap<>();
        HistoryDecider decider = new HistoryDecider(new LinearizabilityChecker().withTimeLimit(limit));
        for (Map.Entry<String, History> e : histories.entrySet()) {
            try {
                out.put(e.getKey(), decider.decide(e.getValue(), specs.require(e.getKey())));
            } catch (HistoryFormatException ex) {
                throw new IllegalStateException("the recorded " + e.getKey() + " history cannot be decided: "
                        + ex.getMessage(), ex);
            }
        }
        return out;
    }
}
