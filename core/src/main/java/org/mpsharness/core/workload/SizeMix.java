package org.mpsharness.core.workload;

import java.util.SplittableRandom;

/**
 * Request sizes of an inference step: a fraction drawn from the small powers of two, the rest from the large ones.
 * The default is the mix of peers.md (80% 512 B..1 MiB, 20% 2..32 MiB), so that our figures compare with theirs.
 *
 * @param smallMin      smallest small size (power of two)
 * @param smallMax      largest small size
 * @param largeMin      smallest large size
 * @param largeMax      largest large size
 * @param smallFraction probability of a small request
 */
public record SizeMix(long smallMin, long smallMax, long largeMin, long largeMax, double smallFraction) {

    public SizeMix {
        if (!pow2(smallMin) || !pow2(smallMax) || !pow2(largeMin) || !pow2(largeMax) || smallMin > smallMax
                || largeMin > largeMax || !(smallFraction >= 0 && smallFraction <= 1)) {
            throw new IllegalArgumentException("size mix needs powers of two, min <= max, fraction in [0,1]");
        }
    }

    /** peers.md: 80% from 512 B..1 MiB, 20% from 2..32 MiB. */
    public static SizeMix peers() {
        return new SizeMix(512, 1L << 20, 2L << 20, 32L << 20, 0.8);
    }

    /** A lighter mix for quick runs on the simulated device (same shape, large sizes 256 KiB..2 MiB). */
    public static SizeMix light() {
        return new SizeMix(512, 64L << 10, 256L << 10, 2L << 20, 0.8);
    }

    public long next(SplittableRandom rng) {
        boolean small = rng.nextDouble() < smallFraction;
        long lo = small ? smallMin : largeMin;
        long hi = small ? smallMax : largeMax;
        int a = Long.numberOfTrailingZeros(lo);
        int b = Long.numberOfTrailingZeros(hi);
        return 1L << (a + rng.nextInt(b - a + 1));
    }

    private static boolean pow2(long v) {
        return v > 0 && Long.bitCount(v) == 1;
    }
}
