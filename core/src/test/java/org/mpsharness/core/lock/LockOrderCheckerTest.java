package org.mpsharness.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LockOrderCheckerTest {
    private final OrderedLock creation = new OrderedLock("stream_creation_mutex_", LockLevel.STREAM_CREATION);
    private final OrderedLock allocator = new OrderedLock("allocator.m_mutex", LockLevel.ALLOCATOR);
    private final OrderedLock stream3 = new OrderedLock("stream[3]", LockLevel.STREAM, 3);
    private final OrderedLock stream5 = new OrderedLock("stream[5]", LockLevel.STREAM, 5);
    private boolean wasEnabled;

    @BeforeEach
    void enable() {
        wasEnabled = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(true);
    }

    @AfterEach
    void restore() {
        LockOrderChecker.setEnabled(wasEnabled);
    }

    @Test
    void documentedOrderIsAccepted() {
        creation.lock();
        allocator.lock();
        stream3.lock();
        stream5.lock();
        assertThat(LockOrderChecker.heldByCurrentThread())
                .containsExactly("stream_creation_mutex_", "allocator.m_mutex", "stream[3]", "stream[5]");
        stream5.unlock();
        stream3.unlock();
        allocator.unlock();
        creation.unlock();
        assertThat(LockOrderChecker.heldByCurrentThread()).isEmpty();
    }

    @Test
    void outOfOrderAcquisitionThrowsAndNamesBothLocks() {
        stream3.lock();
        try {
            assertThatThrownBy(allocator::lock).isInstanceOf(LockOrderViolation.class)
                    .hasMessageContaining("allocator.m_mutex").hasMessageContaining("stream[3]");
            assertThat(allocator.isHeldByCurrentThread()).isFalse();
        } finally {
            stream3.unlock();
        }
    }

    @Test
    void sameLevelMustFollowRank() {
        stream5.lock();
        try {
            assertThatThrownBy(stream3::lock).isInstanceOf(LockOrderViolation.class)
                    .hasMessageContaining("stream[3]").hasMessageContaining("stream[5]");
        } finally {
            stream5.unlock();
        }
    }

    @Test
    void reentryIsAllowedAndCountsHolds() {
        allocator.lock();
        stream3.lock();
        allocator.lock(); // recursive mutex: re-entry while holding a higher lock is not a new acquisition
        assertThat(allocator.holdCount()).isEqualTo(2);
        allocator.unlock();
        stream3.unlock();
        allocator.unlock();
        assertThat(LockOrderChecker.heldByCurrentThread()).isEmpty();
    }

    @Test
    void blockingWaitUnderAllocatorLockIsRejected() {
        allocator.lock();
        try {
            assertThatThrownBy(() -> LockOrderChecker.assertMayBlock("waitUntilCompleted"))
                    .isInstanceOf(LockOrderViolation.class).hasMessageContaining("allocator.m_mutex");
        } finally {
            allocator.unlock();
        }
        stream3.lock();
        try {
            LockOrderChecker.assertMayBlock("waitUntilCompleted"); // a stream mutex may be held while waiting
        } finally {
            stream3.unlock();
        }
    }

    @Test
    void aWaitAtTheGateLevelIsRejectedUnderAnAllocatorLockOrAStreamMutexOnly() {
        LockOrderChecker.beforeWait(LockLevel.GATE, "the commit gate"); // nothing held
        OrderedLock slots = new OrderedLock("slot_mutex_", LockLevel.POOL);
        slots.lock();
        try {
            LockOrderChecker.beforeWait(LockLevel.GATE, "the commit gate"); // the pool level is below the gate
        } finally {
            slots.unlock();
        }
        allocator.lock();
        try {
            assertThatThrownBy(() -> LockOrderChecker.beforeWait(LockLevel.GATE, "the commit gate"))
                    .isInstanceOf(LockOrderViolation.class).hasMessageContaining("the commit gate")
                    .hasMessageContaining("allocator.m_mutex");
        } finally {
            allocator.unlock();
        }
        stream3.lock();
        try {
            assertThatThrownBy(() -> LockOrderChecker.beforeWait(LockLevel.GATE, "the commit gate"))
                    .isInstanceOf(LockOrderViolation.class).hasMessageContaining("stream[3]");
        } finally {
            stream3.unlock();
        }
    }

    @Test
    void disabledCheckerLetsEverythingThrough() {
        LockOrderChecker.setEnabled(false);
        assertThatCode(() -> { // the same out-of-order pair that throws when the checker is on
            stream3.lock();
            allocator.lock();
            allocator.unlock();
            stream3.unlock();
        }).doesNotThrowAnyException();
    }
}
