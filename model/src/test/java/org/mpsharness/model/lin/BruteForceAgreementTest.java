package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpsharness.model.spec.KeyValueSpec;
import org.mpsharness.model.spec.RegisterSpec;
import org.mpsharness.model.spec.WholeStoreKeyValueSpec;

/**
 * The checker against the literal definition ({@link BruteForce}) on hundreds of random small histories per spec,
 * including unknown outcomes, nondeterministic outputs and states, and partitioning. On every violation it also
 * checks the claim the report rests on: the culprit's response is the first whose prefix cannot be linearized.
 */
class BruteForceAgreementTest {
    private static final int HISTORIES = 400;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("register", new RegisterSpec(), new RegisterSpec(), RandomHistories.REGISTER, 3),
                Arguments.of("mutex", new TestSpecs.Mutex(), new TestSpecs.Mutex(), RandomHistories.MUTEX, 3),
                Arguments.of("slot pool", new TestSpecs.SlotPool(2), new TestSpecs.SlotPool(2),
                        RandomHistories.SLOT_POOL, 3),
                Arguments.of("lossy register", new TestSpecs.LossyRegister(), new TestSpecs.LossyRegister(),
                        RandomHistories.LOSSY, 3),
                // the partitioned kv spec is refereed by the unpartitioned one: P-compositionality in action
                Arguments.of("kv partitioned", new KeyValueSpec(), new WholeStoreKeyValueSpec(), RandomHistories.KV,
                        3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    <S, R> void agreesWithTheDefinition(String name, Spec<S> spec, Spec<R> referee, RandomHistories.OpMaker maker,
                                        int processes) {
        Random rnd = new Random(name.hashCode());
        LinearizabilityChecker checker = new LinearizabilityChecker().withThreads(1);
        int ok = 0;
        int violations = 0;
        for (int h = 0; h < HISTORIES; h++) {
            double unknownRate = 0.2 * rnd.nextInt(3); // none, some, many crashes
            List<Operation> history = RandomHistories.generate(rnd, maker, 3 + rnd.nextInt(5), processes, unknownRate);
            boolean expected = BruteForce.linearizable(referee, history);

            CheckResult result = checker.check(spec, history);

            assertThat(result.verdict()).as("history %d: %s%n%s", h, history, result.describe())
                    .isEqualTo(expected ? Verdict.OK : Verdict.VIOLATION);
            if (expected) {
                ok++;
                LinearizationWitness.assertValid(spec, history, result);
            } else {
                violations++;
                assertFirstFailingResponse(spec, history, result);
            }
        }
        assertThat(ok).as("linearizable cases generated").isGreaterThan(HISTORIES / 20);
        assertThat(violations).as("violating cases generated").isGreaterThan(HISTORIES / 20);
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
