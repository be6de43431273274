package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mpsharness.model.lin.Ops.read;
import static org.mpsharness.model.lin.Ops.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.spec.RegisterSpec;

/**
 * A heap that runs out during the search is an answer, UNKNOWN, never a violation and never a crash. The error is
 * raised where it really arises, in the spec's step (it allocates the next states), after a chosen number of steps;
 * the command line's handling of a real exhausted heap is tested in the app module with a child JVM.
 */
class OutOfMemoryTest {

    /** The register, whose step throws {@link OutOfMemoryError} from the {@code failAt}-th call on (0: never). */
    private static final class Exhausting implements Spec<RegisterSpec.Cell> {
        private final RegisterSpec inner = new RegisterSpec();
        private final AtomicLong steps = new AtomicLong();
        private final long failAt;
        private final String onlyKey;

        Exhausting(long failAt, String onlyKey) {
            this.failAt = failAt;
            this.onlyKey = onlyKey;
        }

        @Override
        public String name() {
            return "exhausting-register";
        }

        @Override
        public RegisterSpec.Cell init() {
            return inner.init();
        }

        @Override
        public List<RegisterSpec.Cell> step(RegisterSpec.Cell state, Operation op) {
            Operation plain = new Operation(op.process(), op.f(), op.arg("v"), op.output(), op.call(), op.ret());
            boolean mine = onlyKey == null || onlyKey.equals(op.arg("key"));
            if (mine && steps.incrementAndGet() >= failAt && failAt > 0) {
                throw new OutOfMemoryError("Java heap space (injected by the test)");
            }
            return inner.step(state, plain);
        }

        @Override
        public List<List<Operation>> partition(List<Operation> history) {
            return Partitions.byKey(history, op -> op.arg("key"));
        }
    }

    private static Operation keyed(Operation op, String key) {
        return new Operation(op.process(), op.f(), op.input() == null ? Map.of("key", key)
                : Map.of("key", key, "v", op.input()), op.output(), op.call(), op.ret());
    }

    private static List<Operation> staleRead(String key, long offset) {
        return List.of(keyed(write(0, 1L, offset + 1, offset + 2), key), keyed(read(1, null, offset + 3,
                offset + 4), key));
    }

    @Test
    void outOfMemoryInTheSearchIsUnknownNeverAViolation() {
        List<Operation> history = staleRead("a", 0);

        CheckResult r = new LinearizabilityChecker().withThreads(1).check(new Exhausting(1, null), history);

        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.outOfMemory()).isTrue();
        assertThat(r.isLinearizable()).isFalse();
        assertThat(r.window()).isEmpty();
        assertThat(r.summary()).startsWith("UNKNOWN: out of memory after").doesNotContain("time limit")
                .contains("exhausting-register; 2 operations, 1 partition; 0 decided");
        // with the heap to spare, the same history is a violation
        assertThat(new LinearizabilityChecker().check(new Exhausting(0, null), history).verdict())
                .isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void outOfMemoryInAHelperThreadReachesTheVerdict() {
        List<Operation> history = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            history.add(keyed(write(0, 1L, 10L * k + 1, 10L * k + 2), "k" + k));
            history.add(keyed(read(1, 1L, 10L * k + 3, 10L * k + 4), "k" + k));
        }

        CheckResult r = new LinearizabilityChecker().withThreads(2).check(new Exhausting(1, "k5"), history);

        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.outOfMemory()).isTrue();
        assertThat(r.partitions()).isEqualTo(6);
        assertThat(r.decidedPartitions()).isLessThan(6);
    }

    @Test
    void outOfMemoryWhileExplainingKeepsTheViolationWithoutItsWindow() {
        List<Operation> history = staleRead("a", 0);
        Exhausting counting = new Exhausting(0, null);
        new LinearizabilityChecker().withThreads(1).withViolationWindow(false).check(counting, history);
        long searchSteps = counting.steps.get();

        // the verdict's search runs to the end; the window's search, after it, runs out
        CheckResult r = new LinearizabilityChecker().withThreads(1).check(new Exhausting(searchSteps + 1, null),
                history);

        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(r.outOfMemory()).isTrue();
        assertThat(r.window()).isEmpty();
        assertThat(r.summary()).startsWith("NOT linearizable");
        assertThat(r.describe()).contains("no violation window: out of memory");
    }
}
