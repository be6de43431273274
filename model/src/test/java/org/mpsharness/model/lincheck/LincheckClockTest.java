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

    /** Only a livelock through a timed monitor wait is Lincheck's artefact; a deadlock or a spin is a verdict. */
    @Test
    void onlyATimedMonitorWaitLivelockIsTheArtefact() {
        String livelock = "\n= The execution has hung =\n| acquireWaiting(1): <hung> |\n"
                + "All unfinished threads are in livelock due to non-terminating loops\n";
        assertThat(LincheckRunner.isTimedMonitorWaitArtefact(new AssertionError(livelock
                + "|   NANOSECONDS.timedWait(MonitorStreamPool#1, 20000000) |"))).isTrue();
        assertThat(LincheckRunner.isTimedMonitorWaitArtefact(new AssertionError(livelock
                + "|   MonitorStreamPool#1.wait(20) |"))).isTrue();
        assertThat(LincheckRunner.isTimedMonitorWaitArtefact(new AssertionError(livelock
                + "|   Thread.onSpinWait() |"))).as("a spin is a real livelock").isFalse();
        assertThat(LincheckRunner.isTimedMonitorWaitArtefact(new AssertionError(
                "\n= The execution has hung =\n| acquire(): <hung> |\nAll unfinished threads are in deadlock\n"
                        + "|   WAIT |"))).as("an untimed wait nobody ends is a lost wake-up").isFalse();
        assertThat(LincheckRunner.isTimedMonitorWaitArtefact(new AssertionError(LincheckRunner.WALL_CLOCK_HANG
                + " livelock .timedWait("))).as("the wall-clock bound is handled elsewhere").isFalse();
    }
}
