package org.mpsharness.core.workload;

import org.mpsharness.core.design.DesignSet;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.sim.SimDevice;

class WorkloadSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void runsCleanOnTheSimulatedDevice(String design) {
        SimDevice dev = new SimDevice();
        MpsRuntime rt = MpsRuntime.create(DesignSet.parse(design), dev);
        WorkloadResult r = InferenceWorkload.run(rt, WorkloadConfig.defaults(4).withSteps(500), null);
        System.out.println(r.summary());
        r.violationTexts().forEach(System.out::println);
        r.leaks().forEach(System.out::println);
        assertThat(r.violationTexts()).isEmpty();
        assertThat(r.leaks()).isEmpty();
        assertThat(RunChecks.closeAndCheck(rt)).isEmpty();
    }
}
