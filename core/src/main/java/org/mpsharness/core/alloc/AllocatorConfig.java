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

    public static AllocatorConfig defaults() {
        return new AllocatorConfig(1.7, Double.NaN, 8, 512 * AllocSizes.MiB, AllocSizes.LARGE_HEAP);
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
