package org.mpsharness.model.catalog;

import java.util.List;
import org.mpsharness.model.mutants.CasPublishOncePerSlot;
import org.mpsharness.model.mutants.CheckThenActCommitGate;
import org.mpsharness.model.mutants.CheckThenReclaimFreelist;
import org.mpsharness.model.mutants.CountingCommitGate;
import org.mpsharness.model.mutants.FlagFirstOncePerSlot;
import org.mpsharness.model.mutants.FlagFirstStreamPool;
import org.mpsharness.model.mutants.FreeBeforeClearFreelist;
import org.mpsharness.model.mutants.GetSetBitmaskFreelist;
import org.mpsharness.model.mutants.GetSetFreelistStreamPool;
import org.mpsharness.model.mutants.LateWaiterFreelist;
import org.mpsharness.model.mutants.MemoIndexLookup;
import org.mpsharness.model.mutants.NoDeactivateReclaimPool;
import org.mpsharness.model.mutants.NoOwnerCheckFreelist;
import org.mpsharness.model.mutants.NoQuiesceCommitGate;
import org.mpsharness.model.mutants.NoRecheckOncePerSlot;
import org.mpsharness.model.mutants.NoRecheckStreamPool;
import org.mpsharness.model.mutants.NoWaitCommitGate;
import org.mpsharness.model.mutants.PlainStateCommitGate;
import org.mpsharness.model.mutants.SignalFirstFreelist;
import org.mpsharness.model.mutants.SilentReclaimFreelist;
import org.mpsharness.model.mutants.SingleCollectHomeSlotFreelist;
import org.mpsharness.model.mutants.SplitReleaseMutexFreelist;
import org.mpsharness.model.mutants.UncheckedReleaseStreamPool;
import org.mpsharness.model.mutants.UnlockedOncePerSlot;
import org.mpsharness.model.mutants.UnregisteredWaiterFreelist;
import org.mpsharness.model.mutants.UnvalidatedIndexLookup;
import org.mpsharness.model.mutants.UsersFirstCommitGate;
import org.mpsharness.model.mutants.WaitUnderCreationLockPool;

/**
 * Variants of the small components (once-per-slot, freelist, commit gate, stream pool), with the jcstress control of
 * each where there is one. Not here, because no check of ours rejects them on x86 (docs/memory-model.md, known gaps):
 * {@code PlainArrayOncePerSlot} (acquire/release made plain; needs weak hardware, jcstress
 * {@code WeakHwPlainArrayOncePublication}) and {@code PlainWaitersFreelist} (the waiter count as a plain field).
 */
final class ContributedMutants {
    private ContributedMutants() {
    }

    static List<SeededBug> all() {
        return List.of(
                new SeededBug(NoRecheckOncePerSlot.class, "drop the re-check of double-checked creation", "6",
                        "two racing getStream create two streams").withControl("once.BrokenNoRecheckOnceExactlyOnce"),
                new SeededBug(CasPublishOncePerSlot.class, "lock replaced by create-then-CAS", "6",
                        "the loser's stream is created and dropped: a leaked native resource").withControl("once.BrokenCasPublishOnceExactlyOnce"),
                new SeededBug(UnlockedOncePerSlot.class, "remove lock/unlock", "6", "creation without the slot lock").withControl("once.BrokenUnlockedOnceExactlyOnce"),
                new SeededBug(FlagFirstOncePerSlot.class, "release store moved before the data store",
                        "6 (publication)", "readers may see the slot created before its value is stored").withControl("once.BrokenFlagFirstOncePublication"),
                new SeededBug(GetSetBitmaskFreelist.class, "CAS → get + set", "8", "two acquires take one slot").withControl("freelist.BrokenGetSetFreelistDistinctSlots"),
                new SeededBug(NoOwnerCheckFreelist.class, "release without the ownership check", "8",
                        "any thread frees any slot").withControl("freelist.BrokenNoOwnerCheckFreelistReleaseRace"),
                new SeededBug(FreeBeforeClearFreelist.class, "swap two updates (bit freed before owner cleared)", "8",
                        "a new owner's entry can be erased by the old owner's late clear").withControl("freelist.BrokenFreeBeforeClearReleaseVsAcquire"),
                new SeededBug(SplitReleaseMutexFreelist.class, "split a critical section", "8",
                        "the mutex freelist's release in two locked halves").withControl("freelist.BrokenSplitReleaseFreelistReleaseRace"),
                new SeededBug(SingleCollectHomeSlotFreelist.class, "drop the re-check (one scan, not two collects)", "8",
                        "the home-slot freelist reports a full pool, or a free count, that never existed")
                        .withControl("freelist.BrokenSingleCollectFreeCountHandover"),
                new SeededBug(LateWaiterFreelist.class, "move the waiter registration after its re-check",
                        "no lost wake-up", "a release between the re-check and the registration is missed"),
                new SeededBug(CountingCommitGate.class, "compare a count that can come back (ABA) instead of a handshake",
                        "gate safety", "the pre-fix gate: one stream's second user leaves while another stream comes, "
                                + "the count is back, the CAS succeeds").withControl("gate.BrokenCountingGateSharedStream"),
                new SeededBug(NoQuiesceCommitGate.class, "remove lock/unlock (revocation without the stream's mutex)",
                        "gate safety", "a continue decided on the bias runs on while the revoking stream is already "
                                + "active").withControl("gate.BrokenNoQuiesceGateRevocation"),
                new SeededBug(CheckThenActCommitGate.class, "CAS → check-then-act", "gate safety",
                        "continuing decided, then the bit set by a plain store").withControl("gate.BrokenCheckThenActGateSecondStream"),
                new SeededBug(UsersFirstCommitGate.class, "swap two updates (per-stream count first)", "gate safety",
                        "an activation visible to the decision before it is counted").withControl("gate.BrokenUsersFirstGateSecondStream"),
                new SeededBug(NoWaitCommitGate.class, "remove a guard (activation ignores the bit)", "gate safety",
                        "a second stream becomes active during a commit-and-continue").withControl("gate.BrokenNoWaitGateSecondStream"),
                new SeededBug(PlainStateCommitGate.class, "atomic → plain (state word)", "gate safety",
                        "lost updates of the active count").withControl("gate.BrokenPlainStateGateActivations"),
                new SeededBug(GetSetFreelistStreamPool.class, "CAS → get + set (in the pool)", "8",
                        "two threads own one slot").withControl("pool.BrokenGetSetPoolDistinctSlots"),
                new SeededBug(NoRecheckStreamPool.class, "drop the re-check (in the pool)", "6, 7",
                        "a slot's stream created twice").withControl("pool.BrokenNoRecheckPoolCurrentStream"),
                new SeededBug(UncheckedReleaseStreamPool.class, "release without the ownership check (pool)", "8",
                        "a non-owner releases a slot").withControl("pool.BrokenUncheckedReleasePoolRelease"),
                new SeededBug(FlagFirstStreamPool.class, "release store moved before the data store (pool)",
                        "6, 7", "a half-published stream").withControl("pool.BrokenFlagFirstPoolCurrentStream"),
                new SeededBug(MemoIndexLookup.class, "unsynchronised two-field memo", "7",
                        "setCurrentStream finds a stale index").withControl("pool.BrokenMemoIndexPoolTwoStreams"),
                // waiting and wake-up
                new SeededBug(UnregisteredWaiterFreelist.class, "remove a call (the waiter's registration)",
                        "no lost wake-up", "a waiter re-checks under the lock but never counts itself: releases "
                        + "signal no one"),
                new SeededBug(SignalFirstFreelist.class, "swap two statements (signal before the freeing CAS)",
                        "no lost wake-up", "the woken waiter re-checks before the slot is free and sleeps again"),
                new SeededBug(SilentReclaimFreelist.class, "remove a call (the wake-up after a reclaim)",
                        "no lost wake-up", "a dead owner's reclaimed slot is free while a waiter sleeps"),
                // reclamation of dead owners
                new SeededBug(CheckThenReclaimFreelist.class, "CAS → check-then-act (reclaim)", "8",
                        "two reclaimers both free a dead owner's slot; a late one frees it under a new owner")
                        .withControl("freelist.BrokenCheckThenReclaimTwoReclaimers"),
                new SeededBug(NoDeactivateReclaimPool.class, "remove a call (gate deactivation on reclaim)",
                        "8, gate activation", "a dead owner's stream stays active in the commit gate for good"),
                // shared streams
                new SeededBug(UnvalidatedIndexLookup.class, "remove a guard (identity check of the stored index)",
                        "7", "setCurrentStream accepts a stream of another pool"),
                // a wait under a lock
                new SeededBug(WaitUnderCreationLockPool.class, "expand a critical section over a blocking wait",
                        "9", "acquireSlot waits for a slot while holding the stream-creation mutex"));
    }
}
