package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpsharness.model.PublicHistories;
import org.mpsharness.model.PublicHistories.EtcdCase;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryFormat;
import org.mpsharness.model.spec.KeyValueSpec;
import org.mpsharness.model.spec.RegisterSpec;
import org.mpsharness.model.spec.WholeStoreKeyValueSpec;

/**
 * The checker against histories recorded by others, with verdicts established by others: every Jepsen etcd log of
 * {@code verdicts.tsv} and every kv log (its name says -ok or -bad). A checker that is too strict or too lenient in any
 * of its rules (real-time order, unknown outcomes, failed cas, partitioning) gets some of these wrong.
 */
class PublicHistoriesVerdictTest {
    private static final LinearizabilityChecker CHECKER = new LinearizabilityChecker();

    static Stream<EtcdCase> etcd() {
        return PublicHistories.etcdCases();
    }

    static Stream<String> kv() {
        return PublicHistories.kvNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("etcd")
    void etcdVerdictMatches(EtcdCase c) throws Exception {
        EtcdCase etcd = PublicHistories.requireCase(c);
        History history = HistoryFormat.JEPSEN_ETCD.read(etcd.log());

        CheckResult result = CHECKER.check(new RegisterSpec(), history.operations());

        assertThat(result.verdict()).as(result.describe())
                .isEqualTo(etcd.linearizable() ? Verdict.OK : Verdict.VIOLATION);
        if (etcd.linearizable()) {
            LinearizationWitness.assertValid(new RegisterSpec(), history.operations(), result);
        } else {
            ViolationWindow w = result.window().orElseThrow();
            assertThat(w.operations()).contains(w.culprit());
            assertThat(w.report()).contains(">> process " + w.culprit().process());
        }
    }

    @ParameterizedTest(name = "{0} partitioned by key")
    @MethodSource("kv")
    void kvVerdictMatchesPartitioned(String name) throws Exception {
        Path file = PublicHistories.requireKv(name);
        History history = HistoryFormat.JEPSEN_KV.read(file);

        CheckResult result = CHECKER.check(new KeyValueSpec(), history.operations());

        assertThat(result.partitions()).isGreaterThan(1);
        assertThat(result.verdict()).as(result.describe())
                .isEqualTo(PublicHistories.kvExpectedLinearizable(name) ? Verdict.OK : Verdict.VIOLATION);
        if (result.isLinearizable()) {
            LinearizationWitness.assertValid(new KeyValueSpec(), history.operations(), result);
        }
    }

    @ParameterizedTest(name = "{0} unpartitioned")
    @MethodSource("kv")
    void kvVerdictMatchesUnpartitionedForSmallLogs(String name) throws Exception {
        Path file = PublicHistories.requireKv(name);
        org.junit.jupiter.api.Assumptions.assumeTrue(!name.startsWith("c50"),
                "c50 unpartitioned is a benchmark case, too slow for the test suite");
        History history = HistoryFormat.JEPSEN_KV.read(file);

        // the verdict only: the window of an unpartitioned store is the partitioned test's business, and costly here
        CheckResult result = CHECKER.withViolationWindow(false).check(new WholeStoreKeyValueSpec(),
                history.operations());

        assertThat(result.partitions()).isEqualTo(1);
        assertThat(result.verdict()).as(result.describe())
                .isEqualTo(PublicHistories.kvExpectedLinearizable(name) ? Verdict.OK : Verdict.VIOLATION);
    }
}
