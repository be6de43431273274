package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpsharness.model.history.History;
import org.mpsharness.model.spec.AllocatorHistorySpec;
import org.mpsharness.model.spec.CommitGateHistorySpec;
import org.mpsharness.model.spec.KeyValueSpec;
import org.mpsharness.model.spec.OncePerSlotHistorySpec;
import org.mpsharness.model.spec.RegisterSpec;
import org.mpsharness.model.spec.SpecRegistry;
import org.mpsharness.model.spec.StreamPoolHistorySpec;
import org.mpsharness.model.spec.WholeStoreKeyValueSpec;

/**
 * The checker against the literal definition ({@link BruteForce}) on hundreds of random small histories per spec,
 * including unknown outcomes, nondeterministic outputs and states, and partitioning. On every violation it also
 * checks the claim the report rests on: the culprit's response is the first whose prefix cannot be linearized.
 *
 * <p>Every spec of {@link SpecRegistry#standard()} is here, and for each history two more verdicts must agree with the
 * definition: the search without the spec's partitioning ({@link Unpartitioned}; P-compositionality), and the history
 * written as JSON lines with its numbers spelt at random and read back ({@link Respelling}; the canonical form of
 * values). The generators also box numbers as {@code Long}, {@code Integer}, {@code Double} and {@code BigDecimal}.
 */
class BruteForceAgreementTest {
    private static final int HISTORIES = 400;
    /** The cases whose spec partitions: enough of their histories must really be split. */
    private static final Set<String> PARTITIONED = Set.of("kv partitioned", "stream-pool", "allocator",
            "once-per-slot");

    /**
     * One spec under test: its referee for the brute force and its unpartitioned counterpart (the same spec without
     * its partitioning, except for kv, whose state is one key's value and whose unpartitioned form is kv-whole), and
     * the size of the histories (the brute force is exponential; the stream pool's unknown acquires branch 31 ways).
     */
    record Case(String name, Spec<?> spec, Spec<?> referee, Spec<?> whole, RandomHistories.OpMaker maker,
                int maxOperations, double maxUnknown) {
        Case(String name, Spec<?> spec, RandomHistories.OpMaker maker) {
            this(name, spec, spec, new Unpartitioned<>(spec), maker, 7, 0.4);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("register", new RegisterSpec(), RandomHistories.REGISTER),
                new Case("mutex", new TestSpecs.Mutex(), RandomHistories.MUTEX),
                new Case("slot pool", new TestSpecs.SlotPool(2), RandomHistories.SLOT_POOL),
                new Case("lossy register", new TestSpecs.LossyRegister(), RandomHistories.LOSSY),
                // the partitioned kv spec is refereed by the unpartitioned one: P-compositionality in action
                new Case("kv partitioned", new KeyValueSpec(), new WholeStoreKeyValueSpec(),
                        new WholeStoreKeyValueSpec(), RandomHistories.KV, 7, 0.4),
                new Case("kv-whole", new WholeStoreKeyValueSpec(), RandomHistories.KV),
                new Case("stream-pool", new StreamPoolHistorySpec(), new StreamPoolHistorySpec(),
                        new Unpartitioned<>(new StreamPoolHistorySpec()), RandomHistories.STREAM_POOL, 6, 0.2),
                new Case("allocator", new AllocatorHistorySpec(), RandomHistories.ALLOCATOR),
                new Case("once-per-slot", new OncePerSlotHistorySpec(), RandomHistories.ONCE_PER_SLOT),
                new Case("commit-gate", new CommitGateHistorySpec(), RandomHistories.COMMIT_GATE));
    }

    @Test
    void everyStandardSpecIsCrossChecked() {
        Set<String> covered = new HashSet<>();
        cases().forEach(c -> covered.add(c.spec().name()));
        assertThat(covered).containsAll(SpecRegistry.standard().names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithTheDefinition(Case c) throws Exception {
        agrees(c.name(), c.spec(), c.referee(), c.whole(), c);
    }

    private <S, R, W> void agrees(String name, Spec<S> spec, Spec<R> referee, Spec<W> whole, Case c)
            throws Exception {
        Random rnd = new Random(name.hashCode());
        LinearizabilityChecker checker = new LinearizabilityChecker().withThreads(1);
        int ok = 0;
        int violations = 0;
        int partitioned = 0;
        for (int h = 0; h < HISTORIES; h++) {
            double unknownRate = c.maxUnknown() / 2 * rnd.nextInt(3); // none, some, many crashes
            List<Operation> history = RandomHistories.generate(rnd, c.maker(), 3 + rnd.nextInt(c.maxOperations() - 2),
                    3, unknownRate);
            boolean expected = BruteForce.linearizable(referee, history);
            Verdict verdict = expected ? Verdict.OK : Verdict.VIOLATION;

            CheckResult result = checker.check(spec, history);

            assertThat(result.verdict()).as("history %d: %s%n%s", h, history, result.describe()).isEqualTo(verdict);
            if (expected) {
                ok++;
                LinearizationWitness.assertValid(spec, history, result);
            } else {
                violations++;
                assertFirstFailingResponse(spec, history, result);
            }
            partitioned += result.partitions() > 1 ? 1 : 0;
            CheckResult unpartitioned = checker.withViolationWindow(false).check(whole, history);
            assertThat(unpartitioned.partitions()).isEqualTo(1);
            assertThat(unpartitioned.verdict()).as("unpartitioned, history %d: %s", h, history).isEqualTo(verdict);
            History respelt = Respelling.reread(history, rnd);
            assertThat(Respelling.sameOperations(respelt.operations(), history))
                    .as("read back with other spellings: %s%nfrom %s", respelt.operations(), history).isTrue();
            assertThat(checker.withViolationWindow(false).check(spec, respelt.operations()).verdict())
                    .as("respelt, history %d: %s", h, history).isEqualTo(verdict);
        }
        assertThat(ok).as("linearizable cases generated").isGreaterThan(HISTORIES / 20);
        assertThat(violations).as("violating cases generated").isGreaterThan(HISTORIES / 20);
        if (PARTITIONED.contains(name)) {
            assertThat(partitioned).as("histories split into several parts").isGreaterThan(HISTORIES / 20);
        }
    }

    /**
     * The cross-check can fail: an allocator spec whose partition puts each block's frees apart from its mallocs
     * (operations that interact) disagrees with the unpartitioned search on some generated history.
     */
    @Test
    void aPartitionThatSplitsInteractingOperationsIsCaught() {
        AllocatorHistorySpec allocator = new AllocatorHistorySpec();
        Spec<AllocatorHistorySpec.InUse> splitFrees = new Unpartitioned<>(allocator) {
            @Override
            public List<List<Operation>> partition(List<Operation> history) {
                return Partitions.byKey(history, op -> op.f() + " " + (op.f().equals("malloc")
                        ? (op.outputKnown() ? ((java.util.Map<?, ?>) op.output()).get("id") : "?") : op.arg("id")));
            }
        };
        Random rnd = new Random(5);
        LinearizabilityChecker checker = new LinearizabilityChecker().withThreads(1).withViolationWindow(false);
        int disagreements = 0;
        for (int h = 0; h < HISTORIES; h++) {
            List<Operation> history = RandomHistories.generate(rnd, RandomHistories.ALLOCATOR, 3 + rnd.nextInt(5), 3,
                    0.2);
            if (checker.check(splitFrees, history).verdict() != checker.check(allocator, history).verdict()) {
                disagreements++;
            }
        }
        assertThat(disagreements).isGreaterThan(HISTORIES / 20);
    }

    private static <S> void assertFirstFailingResponse(Spec<S> spec, List<Operation> history, CheckResult result) {
        ViolationWindow w = result.window().orElseThrow();
        Operation culprit = w.culprit();
        List<Operation> part = spec.partition(history).get(w.partition());
        assertThat(part).contains(culprit);
        assertThat(w.operations()).contains(culprit);
        assertThat(BruteForce.linearizable(spec, BruteForce.prefix(part, culprit.ret())))
                .as("the prefix up to the culprit's response is not linearizable: %s", w.report()).isFalse();
        assertThat(BruteForce.linearizable(spec, BruteForce.prefix(part, culprit.ret() - 1)))
                .as("the prefix just before the culprit's response is linearizable: %s", w.report()).isTrue();
        for (Operation op : part) {
            if (op.hasReturn() && op.call() < w.start()) {
                assertThat(op.ret()).as("no operation is running at the window start").isLessThan(w.start());
            }
        }
    }
}
