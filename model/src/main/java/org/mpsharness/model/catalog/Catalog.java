package org.mpsharness.model.catalog;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.core.alloc.BaselineAllocator;
import org.mpsharness.core.alloc.FixedBaselineAllocator;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.once.GlobalLockOncePerSlot;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.pool.BaselineStreamPool;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.MutexFreelist;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.ForcedCommitGate;
import org.mpsharness.model.mutants.CachedPendingEventAllocator;
import org.mpsharness.model.mutants.CheckThenActReclaimAllocator;
import org.mpsharness.model.mutants.CreateUnderSlotLockPool;
import org.mpsharness.model.mutants.IgnoreEventsAllocator;
import org.mpsharness.model.mutants.IgnoreFenceAllocator;
import org.mpsharness.model.mutants.LeakyFlushAllocator;
import org.mpsharness.model.mutants.LeakyThreadCacheAllocator;
import org.mpsharness.model.mutants.MallocsFirstStatsAllocator;
import org.mpsharness.model.mutants.PublishFirstFreeAllocator;
import org.mpsharness.model.mutants.RecordUnderLockAllocator;
import org.mpsharness.model.mutants.UnfencedFlushAllocator;
import org.mpsharness.model.mutants.UnfoldedStatsAllocator;
import org.mpsharness.model.mutants.UnlockedFreeAllocator;

/**
 * The seeded-bug catalog and the correct designs it is measured against. Every variant here must be rejected by at
 * least one check of {@link org.mpsharness.model.check.CheckSuite}, and every correct design accepted by all.
 */
public final class Catalog {
    private Catalog() {
    }

    /**
     * The correct designs: baseline and improved of each component (for the allocator, the improved design and the
     * baseline with the finding fixed; the faithful baseline is in {@link #findings()}).
     */
    public static List<Class<?>> correct() {
        return List.of(MutexFreelist.class, BitmaskFreelist.class, HomeSlotFreelist.class, GlobalLockOncePerSlot.class, PerSlotOnce.class,
                DisabledCommitGate.class, AdaptiveCommitGate.class, BaselineStreamPool.class,
                ImprovedStreamPool.class, ShardedAllocator.class, FixedBaselineAllocator.class);
    }

    /**
     * Designs whose checks fail on a real bug the harness found (not seeded): the checks that reject them are listed
     * in docs/verification.md. The faithful baseline allocator acts on state read before its dropped-and-retaken lock.
     */
    public static List<SeededBug> findings() {
        return List.of(new SeededBug(BaselineAllocator.class,
                "act on state read before a dropped-and-retaken lock (found in the fork, not seeded)", "1, 3",
                "emptyCache syncs only the default stream, drops m_mutex inside release_buffer and follows a stale "
                        + "iterator to a buffer another thread allocated meanwhile"));
    }

    /**
     * Variants of the improved allocator made from its seams (protected named steps), one per class of defect: reuse
     * deferred by events through the thread caches, statistics under concurrency, reuse across streams, reclamation of
     * dead owners, a wait under a lock, and two publication orders.
     */
    private static List<SeededBug> allocatorSeams() {
        return List.of(
                new SeededBug(CachedPendingEventAllocator.class, "drop a guard: cached with a pending event", "2",
                        "a block freed while another stream's recorded use is pending goes to the thread's cache and "
                                + "is handed out again on the thread's stream"),
                new SeededBug(MallocsFirstStatsAllocator.class, "swap two ordered reads (stats summed mallocs first)",
                        "4", "a malloc and free between the two sums read as a free without its malloc")
                        .withControl("alloc.BrokenMallocsFirstStatsReader"),
                new SeededBug(UnfoldedStatsAllocator.class, "remove a call: stripe dropped without folding", "4",
                        "a dead thread's statistics stripe leaves the sums at reclaim, with its cross-thread mallocs "
                                + "and frees"),
                new SeededBug(UnfencedFlushAllocator.class, "remove a call: no fence when a block leaves a thread", "2",
                        "a flushed (or foreign-freed) block goes to another stream while its GPU work is pending"),
                new SeededBug(CheckThenActReclaimAllocator.class, "CAS → check-then-act (reclaim of a dead cache)",
                        "1", "two reclaimers flush one dead thread's cache")
                        .withControl("alloc.BrokenCheckThenActReclaimDeadCache"),
                new SeededBug(RecordUnderLockAllocator.class, "expand a critical section: encode under the pool lock",
                        "9", "recordEvents enters the default stream, whose gate activation may wait, holding an "
                                + "allocator lock"),
                new SeededBug(PublishFirstFreeAllocator.class, "shift a critical region: publish before the state",
                        "1", "a freed block is in its pool before its state changes; a malloc can take it in use"),
                new SeededBug(LeakyFlushAllocator.class, "remove a call: flush copies instead of moving", "1",
                        "flushed blocks stay in the thread's cache and are also in the shared pool")
                        .withControl("alloc.BrokenLeakyFlushVsMalloc"));
    }

    public static List<SeededBug> all() {
        List<SeededBug> bugs = new ArrayList<>();
        bugs.add(new SeededBug(IgnoreFenceAllocator.class, "drop a guard: reuse before the GPU finished", "2",
                "a free block goes to any stream at once, ignoring the fence of the stream that used it"));
        bugs.add(new SeededBug(IgnoreEventsAllocator.class, "drop a guard: reuse before its event completed", "2",
                "a block used on another stream is reused without waiting for that stream's event"));
        bugs.add(new SeededBug(LeakyThreadCacheAllocator.class, "remove a call: cache not flushed at thread end",
                "1, 4", "the cache of a thread that ended is never returned to the shared pools"));
        bugs.add(new SeededBug(UnlockedFreeAllocator.class, "remove lock/unlock", "1, 4",
                "the (fixed) baseline's free changes the pool without m_mutex"));
        bugs.addAll(allocatorSeams());
        bugs.add(new SeededBug(CreateUnderSlotLockPool.class, "expand a critical section: out-of-order locks", "9",
                "acquireSlot creates the stream (creation lock) while holding the slot mutex (pool level)"));
        bugs.add(new SeededBug(ForcedCommitGate.class,
                "remove the guard (PYTORCH_MPS_COMMIT_AND_CONTINUE=on)", "gate safety",
                "commit-and-continue on every stream, whatever else is active"));
        bugs.addAll(ContributedMutants.all());
        return bugs;
    }
}
