package org.mpsharness.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.sim.SimDevice;

/** The memo answers what the device answers, for every size, whatever collides in its table. */
class RoundingMemoTest {

    @Test
    void everyAnswerIsTheDevicesOwnAlsoAfterCollisions() {
        SimDevice device = new SimDevice();
        RoundingMemo[] memo = {new RoundingMemo(), new RoundingMemo()}; // one per storage mode, as the allocator has
        SplittableRandom rnd = new SplittableRandom(7);
        long[] sizes = new long[20_000]; // far more distinct sizes than slots: collisions evict
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 1 + rnd.nextLong(1L << 30);
        }
        for (int round = 0; round < 2; round++) {
            for (long s : sizes) {
                for (StorageMode m : new StorageMode[] {StorageMode.PRIVATE, StorageMode.SHARED}) {
                    assertThat(memo[m == StorageMode.PRIVATE ? 0 : 1].get(s, device, m)).as("size %d %s", s, m)
                            .isEqualTo(device.heapBufferSizeAndAlign(s, m).alignedSize());
                }
            }
        }
    }
}
