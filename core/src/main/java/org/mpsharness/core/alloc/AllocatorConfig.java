package org.mpsharness.core.alloc;

import java.util.Map;

/**
 * Allocator settings.
 *
 * @param highWatermarkRatio    hard limit on heap bytes, × the device's recommended working set (0 = none); MPS
 *                              default 1.7, at most 2.0
 * @param lowWatermarkRatio     memory-pressure threshold, same unit (0 = none); NaN = MPS default (1.4 unified,
 *                              1.0 discrete)
 * @param threadCacheBlocks     improved design: blocks per size class in a thread's cache
 * @param threadCacheBytes      improved design: bytes a thread's cache may hold
 * @param threadCacheMaxBlock   improved design: largest block a thread caches
 */
public record AllocatorConfig(double highWatermarkRatio, double lowWatermarkRatio, int threadCacheBlocks,
                              long threadCacheBytes, long threadCacheMaxBlock) {

    public static final String HIGH_ENV = "PYTORCH_MPS_HIGH_WATERMARK_RATIO";
    public static final String LOW_ENV = "PYTORCH_MPS_LOW_WATERMARK_RATIO";
    public static final double HIGH_UPPER_BOUND = 2.0;

    public AllocatorConfig {
        if (!(highWatermarkRatio >= 0 && highWatermarkRatio <= HIGH_UPPER_BOUND)) {
            throw new IllegalArgumentException("invalid high watermark ratio " + highWatermarkRatio
                    + " (must be in [0, " + HIGH_UPPER_BOUND + "])");
        }
        double highLimit = highWatermarkRatio == 0 ? HIGH_UPPER_BOUND : highWatermarkRatio;
        if (!Double.isNaN(lowWatermarkRatio) && !(lowWatermarkRatio >= 0 && lowWatermarkRatio <= highLimit)) {
            throw new IllegalArgumentException("invalid low watermark ratio " + lowWatermarkRatio
                    + " (must be in [0, " + highLimit + "])");
        }
        if (threadCacheBlocks < 0 || threadCacheBytes < 0 || threadCacheMaxBlock < 0) {
            throw new IllegalArgumentException("thread cache bounds must be >= 0");
        }
    }

    /**
     * The runtime's settings: MPS's watermarks, and thread caches of 64 blocks per size class and 1 GiB per thread.
     *
     * <p>Why caches this large: with 8 blocks per class and 512 MiB, the peers.md size mix overflowed and drained the
     * classes often enough that 16 threads spent 68% of their time parked on the shared shards' locks (JFR on the GPU
     * host, 2026-11-30, docs/results/2026-11-30-h200-r2/profile-t16.txt). What a thread caches is memory no other
     * thread can use until it is flushed (thread end, emptyCache, memory pressure): the trade is memory for
     * contention, and {@link #withThreadCache} sets it.
     */
    public static AllocatorConfig defaults() {
        return new AllocatorConfig(1.7, Double.NaN, 64, 1024 * AllocSizes.MiB, AllocSizes.LARGE_HEAP);
    }

    /**
     * The settings the checks run: the defaults with small thread caches (8 blocks per class, 512 MiB), so that a
     * short scenario reaches the paths behind the cache — eviction to the shared pools, malloc from them, flush —
     * where a large cache would serve every request itself.
     */
    public static AllocatorConfig forChecks() {
        return defaults().withThreadCache(8, 512 * AllocSizes.MiB, AllocSizes.LARGE_HEAP);
    }

    /** Defaults overridden by the MPS watermark variables; a malformed value is an IllegalArgumentException. */
    public static AllocatorConfig fromEnvironment(Map<String, String> env) {
        AllocatorConfig d = defaults();
        double high = parse(env, HIGH_ENV, d.highWatermarkRatio);
        double low = parse(env, LOW_ENV, d.lowWatermarkRatio);
        return new AllocatorConfig(high, low, d.threadCacheBlocks, d.threadCacheBytes, d.threadCacheMaxBlock);
    }

    private static double parse(Map<String, String> env, String name, double dflt) {
        String v = env.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number (got '" + v + "')");
        }
    }

    public AllocatorConfig withWatermarks(double high, double low) {
        return new AllocatorConfig(high, low, threadCacheBlocks, threadCacheBytes, threadCacheMaxBlock);
    }

    public AllocatorConfig withThreadCache(int blocks, long bytes, long maxBlock) {
        return new AllocatorConfig(highWatermarkRatio, lowWatermarkRatio, blocks, bytes, maxBlock);
    }

    /** The low ratio in effect on a device. */
    public double effectiveLowRatio(boolean unifiedMemory) {
        return Double.isNaN(lowWatermarkRatio) ? (unifiedMemory ? 1.4 : 1.0) : lowWatermarkRatio;
    }
}
