package org.mpsharness.model.lincheck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.Part;
import org.mpsharness.core.pool.BaselineStreamPool;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.model.mutants.UnvalidatedIndexLookup;

/** The stream pool's hand-written scenarios: exhausted by 3 threads (both endings), waits ended by a release. */
class StreamPoolLincheckTest {

    static void scenarios(StreamPoolLin.Factory design) {
        StreamPoolLin.factory = design;
        LincheckRunner.modelCheck(StreamPoolLin.class, StreamPoolSpec.class, 0, 150, StreamPoolLin.exhaust());
        LincheckRunner.modelCheck(StreamPoolLin.DefaultStream.class, StreamPoolSpec.DefaultStream.class, 0, 150,
                StreamPoolLin.exhaustToDefault());
        LincheckRunner.modelCheck(StreamPoolWaitLin.class, StreamPoolWaitLin.Spec.class, 0, 150,
                StreamPoolWaitLin.handOff(2), StreamPoolWaitLin.handOff(3));
    }

    @Test
    void improved() {
        scenarios(ImprovedStreamPool::new);
    }

    @Test
    void baseline() {
        scenarios(BaselineStreamPool::new);
    }

    /** Another pool's stream accepted by setCurrentStream is visible in a single-threaded run already. */
    @Test
    void anotherPoolsStreamIsRefused() {
        StreamPoolLin.factory = DesignSet.improved().with(Part.LOOKUP, UnvalidatedIndexLookup.class)::newPool;
        assertThatThrownBy(() -> LincheckRunner.modelCheck(StreamPoolLin.class, StreamPoolSpec.class, 0, 50,
                LincheckRunner.scenario(StreamPoolLin.class, List.of(),
                        List.of(List.<Object[]>of(new Object[] {"acquire", 1}, new Object[] {"foreignPoolStream", 1}),
                                List.<Object[]>of(new Object[] {"shareStream", 2})))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("foreignPoolStream");
    }
}
