package org.mpsharness.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * The public block API for an allocator written outside the package ({@link BufferBlock#of} and its transitions):
 * each transition happens only from its state, a double free or a second hand-out throws instead of giving the block
 * two owners, malloc's stream and requested size are what the checks then read, and a block of no heap prints.
 */
class UserBlockTest {

    private final SimDevice dev = new SimDevice();
    private final StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults());

    private BufferBlock block(long id) {
        DeviceHeap h = dev.newHeap(4096, StorageMode.PRIVATE);
        DeviceBuffer buf = h.newBuffer(4096);
        return BufferBlock.of(id, buf, 4096, PoolKind.PRIVATE_SMALL);
    }

    @Test
    void aUserBlockGoesThroughItsStatesAndRefusesEveryOtherTransition() {
        BufferBlock b = block(7);
        MpsStream s = pool.getDefaultStream();
        assertThat(b.state()).isEqualTo(BufferBlock.FREE);
        assertThat(b.heapId()).isEqualTo(-1);
        assertThat(b.toString()).contains("buffer#7", "4096 B").doesNotContain("heap");
        assertThatThrownBy(() -> b.takeBack(false)).isInstanceOf(IllegalStateException.class);

        b.handOut(s, 1000);
        assertThat(b.state()).isEqualTo(BufferBlock.IN_USE);
        assertThat(b.stream()).isSameAs(s);
        assertThat(b.requestedSize()).isEqualTo(1000);
        assertThat(b.size()).isEqualTo(4096);
        assertThatThrownBy(() -> b.handOut(s, 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(b::retire).isInstanceOf(IllegalStateException.class);

        b.takeBack(true);
        assertThat(b.state()).isEqualTo(BufferBlock.PENDING);
        assertThatThrownBy(() -> b.takeBack(false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("double free");
        b.pendingCompleted();
        assertThat(b.state()).isEqualTo(BufferBlock.FREE);
        assertThatThrownBy(b::pendingCompleted).isInstanceOf(IllegalStateException.class);

        b.handOut(s, 4096);
        b.takeBack(false);
        assertThatThrownBy(() -> b.takeBack(false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("double free");
        b.retire();
        assertThat(b.state()).isEqualTo(BufferBlock.RELEASED);
        assertThatThrownBy(() -> b.handOut(s, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBlockLargerThanItsBufferOrARequestLargerThanTheBlockIsRefused() {
        BufferBlock b = block(1);
        assertThatThrownBy(() -> BufferBlock.of(2, b.buffer(), 8192, PoolKind.PRIVATE_SMALL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.handOut(pool.getDefaultStream(), 4097))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(b.state()).isEqualTo(BufferBlock.FREE);
    }
}
