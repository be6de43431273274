package com.example.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckSuite;

/**
 * Issue "public constructors or factories wherever a user's implementation needs one": a {@code StreamPool} written
 * from scratch (not extending the project's pools; its {@code lease()} uses the public {@code SlotLease.of}) compiles
 * and passes every check the harness runs on a stream pool.
 */
class MonitorStreamPoolTest {

    @Test
    void aPoolWrittenFromScratchPassesEveryCheck() {
        List<CheckOutcome> r = new CheckSuite().run(MonitorStreamPool.class);
        assertThat(r).extracting(CheckOutcome::check).contains("contract", "lincheck-model-checking");
        for (CheckOutcome o : r) {
            assertThat(o.failed()).as("%s:%n%s", o.check(), o.shortTrace(60)).isFalse();
        }
    }
}
