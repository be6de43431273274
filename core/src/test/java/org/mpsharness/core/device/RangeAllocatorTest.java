package org.mpsharness.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RangeAllocatorTest {

    @Test
    void randomAllocationsNeverOverlapAndFreeingEverythingCoalesces() {
        RangeAllocator ra = new RangeAllocator(1 << 20, 256);
        SplittableRandom rng = new SplittableRandom(7);
        List<long[]> live = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            if (!live.isEmpty() && rng.nextBoolean()) {
                long[] r = live.remove(rng.nextInt(live.size()));
                ra.free(r[0], r[1]);
            } else {
                long len = 1 + rng.nextInt(40_000);
                long off = ra.allocate(len);
                if (off >= 0) {
                    assertThat(off % 256).isZero();
                    long end = off + ((len + 255) & ~255L);
                    for (long[] o : live) {
                        long oend = o[0] + ((o[1] + 255) & ~255L);
                        assertThat(end <= o[0] || off >= oend).as("overlap %d..%d with %d..%d", off, end, o[0], oend)
                                .isTrue();
                    }
                    live.add(new long[] {off, len});
                }
            }
        }
        for (long[] r : live) {
            ra.free(r[0], r[1]);
        }
        assertThat(ra.maxAvailable()).isEqualTo(1 << 20);
        assertThat(ra.freeBytes()).isEqualTo(1 << 20);
    }

    @Test
    void fullHeapSaysNoRoomAndDoubleFreeIsDetected() {
        RangeAllocator ra = new RangeAllocator(1024, 256);
        long a = ra.allocate(512);
        long b = ra.allocate(512);
        assertThat(ra.allocate(1)).isEqualTo(-1);
        ra.free(a, 512);
        assertThatThrownBy(() -> ra.free(a, 512)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("double free");
        ra.free(b, 512);
        assertThat(ra.maxAvailable()).isEqualTo(1024);
    }
}
