package org.mpsharness.model.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.pool.MutexFreelist;
import org.mpsharness.model.check.CheckOutcome.Verdict;

/**
 * How a check ends, through {@link CheckSuite#run(Class, String)}: a design's exception is a FAIL, a crash of the
 * check's own code an ERROR, a check that outlives its time limit a TIMEOUT with a thread dump that shows where.
 */
class CheckSuiteBoundsTest {

    private static Check check(String name, ThrowingRun body) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean appliesTo(Component c) {
                return true;
            }

            @Override
            public void run(Class<?> impl, Component c) throws Exception {
                body.run();
            }
        };
    }

    private interface ThrowingRun {
        void run() throws Exception;
    }

    private static CheckOutcome run(Check c, Duration limit) {
        return new CheckSuite().with(c).timeLimit(limit).run(MutexFreelist.class, c.name());
    }

    @Test
    void anExceptionOfTheDesignFailsIt() {
        CheckOutcome o = run(check("bad-slot", () -> new MutexFreelist().release(99, Thread.currentThread())),
                Duration.ofSeconds(60));
        assertThat(o.verdict()).as(o.trace()).isEqualTo(Verdict.FAIL);
        assertThat(o.trace()).contains("ArrayIndexOutOfBoundsException", "MutexFreelist.release");
    }

    @Test
    void aCrashOfTheCheckItselfIsAnError() {
        CheckOutcome o = run(check("harness-bug", () -> {
            String missing = null;
            missing.length();
        }), Duration.ofSeconds(60));
        assertThat(o.verdict()).as(o.trace()).isEqualTo(Verdict.ERROR);
        assertThat(o.rejected()).isFalse();
    }

    @Test
    void aCheckThatOutlivesItsLimitTimesOutWithADumpOfWhereItWaits() {
        CountDownLatch never = new CountDownLatch(1);
        CheckOutcome o = run(check("stuck", never::await), Duration.ofMillis(300));
        assertThat(o.verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(o.trace()).contains("did not finish within 0.3 s", "\"check-stuck\" WAITING",
                "at java.util.concurrent.CountDownLatch.await(", "CheckSuiteBoundsTest");
    }

    @Test
    void checksAreSelectedByNameAmongTheApplicableOnes() {
        CheckSuite s = new CheckSuite();
        List<String> names = s.applicable(MutexFreelist.class);
        assertThat(names).startsWith("contract").contains("lincheck-stress", "lincheck-model-checking");
        assertThatThrownBy(() -> s.run(MutexFreelist.class, "no-such-check")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("no check 'no-such-check' applies");
        assertThatThrownBy(() -> s.applicable(String.class)).hasMessageContaining("implements none");
    }
}
