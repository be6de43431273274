package org.mpsharness.model.lincheck;

import org.junit.jupiter.api.Test;
import org.mpsharness.core.pool.BaselineStreamPool;
import org.mpsharness.core.pool.ImprovedStreamPool;

class PoolAllocatorLincheckTest {

    @Test
    void streamPoolImproved() {
        StreamPoolLin.factory = ImprovedStreamPool::new;
        LincheckRunner.modelCheck(StreamPoolLin.class, StreamPoolSpec.class);
        LincheckRunner.stress(StreamPoolLin.class, StreamPoolSpec.class);
    }

    @Test
    void streamPoolBaseline() {
        StreamPoolLin.factory = BaselineStreamPool::new;
        LincheckRunner.modelCheck(StreamPoolLin.class, StreamPoolSpec.class);
    }
}
