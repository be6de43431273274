package org.mpsharness.model.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mpsharness.model.check.CheckOutcome.Verdict;
import org.mpsharness.model.lincheck.LincheckTimeout;

/** Whose fault ended a check: the design's (FAIL), the harness's (ERROR), or nobody's yet (TIMEOUT). */
class FaultAttributionTest {

    private static <T extends Throwable> T at(T t, String... frames) {
        StackTraceElement[] st = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) {
            int dot = frames[i].lastIndexOf('.');
            st[i] = new StackTraceElement(frames[i].substring(0, dot), frames[i].substring(dot + 1), null, 1);
        }
        t.setStackTrace(st);
        return t;
    }

    @Test
    void aRejectionByACheckIsAFailure() {
        assertThat(FaultAttribution.classify(new AssertionError("contract violated: two owners"))).isEqualTo(
                Verdict.FAIL);
    }

    @Test
    void anExceptionThrownByTheDesignIsAFailureEvenInsideTheJdk() {
        assertThat(FaultAttribution.classify(at(new NullPointerException(),
                "java.util.concurrent.ConcurrentHashMap.get", "com.example.MyFreelist.acquire", "org.mpsharness.model.check.FreelistContract.run")))
                .isEqualTo(Verdict.FAIL);
        assertThat(FaultAttribution.classify(at(new IllegalStateException("commit twice"),
                "org.mpsharness.core.sim.SimCommandBuffer.commit", "org.mpsharness.core.stream.MpsStream.commit",
                "org.mpsharness.core.workload.InferenceWorkload.step")))
                .as("the simulated device refusing misuse").isEqualTo(Verdict.FAIL);
        assertThat(FaultAttribution.classify(at(new StackOverflowError(), "com.example.MyGate.activate",
                "com.example.MyGate.activate"))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void anExceptionOfTheHarnessOwnCodeIsAnError() {
        assertThat(FaultAttribution.classify(at(new NullPointerException(),
                "org.mpsharness.model.check.FreelistContract.run", "com.example.MyFreelist.acquire")))
                .isEqualTo(Verdict.ERROR);
        assertThat(FaultAttribution.classify(at(new StackOverflowError(), "org.mpsharness.model.lin.Search.step",
                "org.mpsharness.model.lin.Search.step"))).isEqualTo(Verdict.ERROR);
        assertThat(FaultAttribution.classify(new OutOfMemoryError("Java heap space"))).isEqualTo(Verdict.ERROR);
        assertThat(FaultAttribution.classify(new NullPointerException())).as("no frame at all").isEqualTo(
                Verdict.ERROR);
    }

    /** The --jar defect of issue 10: Lincheck's instrumentation, inside the design's method, could not load it. */
    @Test
    void lincheckFailingInsideTheDesignsMethodIsAnError() {
        Throwable cnfe = at(new ClassNotFoundException("userprobe.CountingOnce"), "java.lang.Class.forName",
                "org.jetbrains.lincheck.util.ClassCache.forName",
                "org.jetbrains.kotlinx.lincheck.strategy.managed.SnapshotTracker.trackField",
                "sun.nio.ch.lincheck.Injections.beforeReadField", "userprobe.CountingOnce.get");
        assertThat(FaultAttribution.classify(cnfe)).isEqualTo(Verdict.ERROR);
        assertThat(FaultAttribution.classify(new AssertionError("\nWow! You've caught a bug in Lincheck.\nWe kindly "
                + "ask ...\njava.lang.ClassNotFoundException: userprobe.CountingOnce"))).isEqualTo(Verdict.ERROR);
    }

    @Test
    void aWrappedDesignExceptionIsStillTheDesigns() {
        Throwable design = at(new IllegalArgumentException("bad size"), "com.example.MyAllocator.<init>");
        Throwable wrapped = at(new IllegalStateException(design), "org.mpsharness.model.check.Instances.make");
        assertThat(FaultAttribution.classify(wrapped)).isEqualTo(Verdict.FAIL);
    }

    @Test
    void lincheckClockIsNoVerdict() {
        assertThat(FaultAttribution.classify(new LincheckTimeout("= The execution has hung, see the thread dump ="
                ))).isEqualTo(Verdict.TIMEOUT);
    }
}
