package org.mpsharness.core.alloc;

import org.mpsharness.core.design.DesignSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;

class AllocatorTest {
    static final long MiB = AllocSizes.MiB;

    static MpsRuntime runtime(String design, SimDevice dev) {
        return MpsRuntime.create(DesignSet.parse(design), dev, PoolConfig.defaults(), AllocatorConfig.defaults(),
                Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void requestsGoToTheMpsPoolsWithTheDevicesRounding(String design) {
        SimDevice dev = new SimDevice();
        try (MpsRuntime rt = runtime(design, dev)) {
            CachingAllocator a = rt.allocator();
            BufferBlock small = a.malloc(100, Usage.PRIVATE);
            assertThat(small.pool()).isEqualTo(PoolKind.PRIVATE_SMALL);
            assertThat(small.size()).isEqualTo(256);
            assertThat(small.requestedSize()).isEqualTo(100);
            assertThat(a.malloc(8, Usage.PRIVATE).pool()).as("scalar-sized on unified memory")
                    .isEqualTo(PoolKind.SHARED_SMALL);
            assertThat(a.malloc(MiB, Usage.SHARED).pool()).isEqualTo(PoolKind.SHARED_SMALL);
            assertThat(a.malloc(MiB + 1, Usage.PRIVATE).pool()).isEqualTo(PoolKind.PRIVATE_LARGE);
            assertThat(a.malloc(4, Usage.SCALAR).pool()).isEqualTo(PoolKind.SCALAR);
            AllocatorStats st = a.stats();
            assertThat(st.pools().get(PoolKind.PRIVATE_SMALL.ordinal()).heapBytes()).isEqualTo(AllocSizes.SMALL_HEAP);
            assertThat(st.pools().get(PoolKind.PRIVATE_LARGE.ordinal()).heapBytes()).isEqualTo(AllocSizes.LARGE_HEAP);
            assertThat(st.inconsistencies()).isEmpty();
            assertThatThrownBy(() -> a.malloc(0, Usage.PRIVATE)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void aFreedBlockIsReusedOnItsStreamAndADoubleFreeIsCaught(String design) {
        SimDevice dev = new SimDevice();
        try (MpsRuntime rt = runtime(design, dev)) {
            CachingAllocator a = rt.allocator();
            BufferBlock b = a.malloc(4096, Usage.PRIVATE);
            a.free(b);
            assertThatThrownBy(() -> a.free(b)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("double free");
            BufferBlock again = a.malloc(4096, Usage.PRIVATE);
            assertThat(again).isSameAs(b);
            a.free(again);
            assertThat(a.stats().inconsistencies()).isEmpty();
            assertThat(a.getCurrentAllocatedMemory()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void statisticsAddUpThroughoutAndEverythingGoesBack(String design) {
        SimDevice dev = new SimDevice();
        MpsRuntime rt = runtime(design, dev);
        CachingAllocator a = rt.allocator();
        SplittableRandom rng = new SplittableRandom(3);
        List<BufferBlock> live = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        long inUse = 0;
        for (int i = 0; i < 3_000; i++) {
            if (!live.isEmpty() && rng.nextInt(3) == 0) {
                BufferBlock b = live.remove(rng.nextInt(live.size()));
                inUse -= b.size();
                a.free(b);
            } else {
                long size = 1L << (9 + rng.nextInt(14));
                BufferBlock b = a.malloc(size, rng.nextBoolean() ? Usage.PRIVATE : Usage.SHARED);
                ids.add(b.id());
                inUse += b.size();
                live.add(b);
            }
            if (i % 500 == 0) {
                AllocatorStats st = a.stats();
                assertThat(st.inconsistencies()).isEmpty();
                assertThat(st.currentAllocated()).isEqualTo(inUse);
                assertThat(st.totalAllocated()).isEqualTo(dev.currentAllocatedSize());
            }
        }
        Set<Long> liveIds = new HashSet<>();
        for (BufferBlock b : live) {
            assertThat(liveIds.add(b.id())).as("unique id of live blocks").isTrue();
            a.free(b);
        }
        AllocatorStats end = a.stats();
        assertThat(end.currentAllocated()).isZero();
        assertThat(end.inconsistencies()).isEmpty();
        a.emptyCache();
        assertThat(a.getTotalAllocatedMemory()).isZero();
        assertThat(dev.currentAllocatedSize()).isZero();
        rt.close();
        assertThat(dev.liveResources().isZero()).as("%s", dev.liveResources()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void outOfMemoryWalksTheLadderThenFailsClearlyAndLeaksNothing(String design) {
        SimDevice dev = new SimDevice();
        dev.faults().oomAfterBytes(4 * AllocSizes.SMALL_HEAP);
        MpsRuntime rt = runtime(design, dev);
        CachingAllocator a = rt.allocator();
        // fill the device with cached SHARED buffers, then ask for PRIVATE ones: the ladder must release the cache
        List<BufferBlock> shared = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            shared.add(a.malloc(MiB, Usage.SHARED));
        }
        for (BufferBlock b : shared) {
            a.free(b);
        }
        a.flushThreadCache();
        List<BufferBlock> priv = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            priv.add(a.malloc(MiB, Usage.PRIVATE)); // needs the cached SHARED heaps released
        }
        List<BufferBlock> more = new ArrayList<>();
        MpsOutOfMemoryException oom = null;
        try {
            for (int i = 0; i < 1000; i++) {
                more.add(a.malloc(MiB, Usage.PRIVATE));
            }
        } catch (MpsOutOfMemoryException e) {
            oom = e;
        }
        assertThat(oom).isNotNull();
        assertThat(oom.getMessage()).contains("out of memory").contains("Tried to allocate 1048576 B")
                .contains("PRIVATE_SMALL").contains("SHARED_LARGE");
        assertThat(oom.stats().inconsistencies()).isEmpty();
        for (BufferBlock b : priv) {
            a.free(b);
        }
        for (BufferBlock b : more) {
            a.free(b);
        }
        assertThat(a.getCurrentAllocatedMemory()).isZero();
        a.emptyCache();
        assertThat(dev.currentAllocatedSize()).isZero();
        rt.close();
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @Test
    void watermarkSettingsComeFromTheEnvironmentAndBadValuesAreClearErrors() {
        assertThat(AllocatorConfig.fromEnvironment(Map.of()).highWatermarkRatio()).isEqualTo(1.7);
        assertThat(AllocatorConfig.fromEnvironment(Map.of(AllocatorConfig.HIGH_ENV, "0")).highWatermarkRatio())
                .isZero();
        assertThatThrownBy(() -> AllocatorConfig.fromEnvironment(Map.of(AllocatorConfig.HIGH_ENV, "lots")))
                .hasMessage("PYTORCH_MPS_HIGH_WATERMARK_RATIO must be a number (got 'lots')");
        assertThatThrownBy(() -> AllocatorConfig.fromEnvironment(Map.of(AllocatorConfig.HIGH_ENV, "2.5")))
                .hasMessageContaining("invalid high watermark ratio 2.5");
        assertThatThrownBy(() -> AllocatorConfig.fromEnvironment(Map.of(AllocatorConfig.HIGH_ENV, "1.0",
                AllocatorConfig.LOW_ENV, "1.5"))).hasMessageContaining("invalid low watermark ratio 1.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void highWatermarkLimitsHeapBytes(String design) {
        SimDevice dev = new SimDevice(SimConfig.defaults().withRecommendedMaxWorkingSet(64 * MiB));
        try (MpsRuntime rt = MpsRuntime.create(DesignSet.parse(design), dev, PoolConfig.defaults(),
                AllocatorConfig.defaults().withWatermarks(1.0, 0.5), Map.of())) {
            CachingAllocator a = rt.allocator();
            assertThat(a.getLowWatermarkValue()).isEqualTo(32);
            List<BufferBlock> got = new ArrayList<>();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    got.add(a.malloc(MiB, Usage.PRIVATE));
                }
            }).isInstanceOf(MpsOutOfMemoryException.class).hasMessageContaining("max allowed: 67108864 B");
            assertThat(dev.currentAllocatedSize()).isLessThanOrEqualTo(64 * MiB);
            assertThat(a.getLowWatermarkValue()).isZero();
            for (BufferBlock b : got) {
                a.free(b);
            }
        }
    }
}
