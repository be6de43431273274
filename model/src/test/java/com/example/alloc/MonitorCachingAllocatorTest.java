package com.example.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckSuite;

/**
 * Issue on trustworthy verdicts ("a user's StreamPool and CachingAllocator written from scratch compile and pass every
 * check"): a {@code CachingAllocator} written from scratch (not extending the project's allocators; its blocks come
 * from the public {@code BufferBlock.of} and change state through the public transitions) compiles — it lives in
 * another package, so the compiler proves it uses public API only — and passes every check the harness runs on an
 * allocator.
 */
class MonitorCachingAllocatorTest {

    @Test
    void anAllocatorWrittenFromScratchPassesEveryCheck() {
        List<CheckOutcome> r = new CheckSuite().run(MonitorCachingAllocator.class);
        assertThat(r).extracting(CheckOutcome::check).contains("contract", "workload", "history",
                "lincheck-stress", "lincheck-model-checking");
        for (CheckOutcome o : r) {
            System.out.printf("%s: %s in %.1f s%n", o.check(), o.verdict(), o.nanos() / 1e9);
            assertThat(o.failed()).as("%s:%n%s", o.check(), o.shortTrace(60)).isFalse();
        }
    }
}
