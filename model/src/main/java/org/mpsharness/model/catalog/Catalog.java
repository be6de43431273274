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
import org.mpsharness.model.mutants.CreateUnderSlotLockPool;
import org.mpsharness.model.mutants.IgnoreEventsAllocator;
import org.mpsharness.model.mutants.IgnoreFenceAllocator;
import org.mpsharness.model.mutants.LeakyThreadCacheAllocator;
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
        bugs.add(new SeededBug(CreateUnderSlotLockPool.class, "expand a critical section: out-of-order locks", "9",
                "acquireSlot creates the stream (creation lock) while holding the slot mutex (pool level)"));
        bugs.add(new SeededBug(ForcedCommitGate.class,
                "remove the guard (PYTORCH_MPS_COMMIT_AND_CONTINUE=on)", "gate safety",
                "commit-and-continue on every stream, whatever else is active"));
        bugs.addAll(ContributedMutants.all());
        return bugs;
    }
}
