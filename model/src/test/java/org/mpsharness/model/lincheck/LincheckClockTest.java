package org.mpsharness.model.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lincheck's wall-clock "hung" report is retried once, then a time-out; every other report passes through as is. */
class LincheckClockTest {
    private static final String HUNG = "\n" + LincheckRunner.WALL_CLOCK_HANG + "\n| malloc(1, 1): <hung> |";

    @Test
    void aWallClockHangIsRetriedOnce() {
        AtomicInteger runs = new AtomicInteger();
        LincheckRunner.checkRetryingWallClockHang(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new AssertionError(HUNG);
            }
        });
        assertThat(runs).hasValue(2);
    }

    @Test
    void twoWallClockHangsAreATimeOutNotAFailure() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> LincheckRunner.checkRetryingWallClockHang(() -> {
            runs.incrementAndGet();
            throw new AssertionError(HUNG);
        })).isInstanceOf(LincheckTimeout.class).isNotInstanceOf(AssertionError.class).hasMessageContaining("<hung>");
        assertThat(runs).hasValue(2);
    }

    @Test
    void otherFailuresAndModelCheckingDeadlocksAreNotRetried() {
        AtomicInteger runs = new AtomicInteger();
        AssertionError deadlock = new AssertionError("\n= The execution has hung =\n| acquire(): <hung> |");
        assertThatThrownBy(() -> LincheckRunner.checkRetryingWallClockHang(() -> {
            runs.incrementAndGet();
            throw deadlock;
        })).isSameAs(deadlock);
        assertThat(runs).hasValue(1);
    }
}
