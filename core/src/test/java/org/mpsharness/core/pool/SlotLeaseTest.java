package org.mpsharness.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/** {@link SlotLease#of}: the public factory a pool written from scratch returns from {@code lease()}. */
class SlotLeaseTest {

    @Test
    void aLeaseMadeByTheFactoryReleasesItsSlotOnceOnItsOwnersThread() throws Exception {
        try (StreamPool pool = new ImprovedStreamPool(new SimDevice(), new DisabledCommitGate(),
                PoolConfig.defaults())) {
            int slot = pool.acquireSlot();
            MpsStream stream = pool.getStream(slot);
            SlotLease lease = SlotLease.of(pool, slot, stream);
            assertThat(lease.slot()).isEqualTo(slot);
            assertThat(lease.stream()).isSameAs(stream);
            AtomicReference<Throwable> other = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    lease.close();
                } catch (Throwable e) {
                    other.set(e);
                }
            });
            t.start();
            t.join();
            assertThat(other.get()).isInstanceOf(IllegalStateException.class);
            assertThat(pool.ownerOf(slot)).isSameAs(Thread.currentThread());
            lease.close();
            assertThat(pool.ownerOf(slot)).isNull();
            assertThat(pool.freeSlots()).isEqualTo(31);
            lease.close(); // a second close is a no-op
            assertThat(pool.freeSlots()).isEqualTo(31);
        }
    }

    @Test
    void theFactoryRefusesNulls() {
        assertThatThrownBy(() -> SlotLease.of(null, 1, null)).isInstanceOf(NullPointerException.class);
    }
}
