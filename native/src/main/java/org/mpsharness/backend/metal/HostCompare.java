package org.mpsharness.backend.metal;

import com.sun.jna.Pointer;
import java.util.Arrays;

/**
 * The CPU half of a Metal verify: compares bytes a blit copied into a shared staging buffer with the expected value.
 *
 * <p>Why a copy-back rather than a compute kernel: the blit encoder is all the backend otherwise needs, and a kernel
 * would add a Metal shading-language library, a pipeline state and a compute encoder (with {@code MTLSize} passed by
 * value) for a check that runs once per block. On Apple silicon the staging buffer is the same memory the GPU wrote,
 * so the comparison reads it in place.
 */
final class HostCompare {
    private static final int CHUNK = 1 << 16;

    private HostCompare() {
    }

    /** {mismatching bytes, first bad offset or -1, first bad value or -1} of {@code [0, length)} at {@code p}. */
    static long[] compare(Pointer p, long length, byte expected) {
        byte[] want = new byte[(int) Math.min(CHUNK, length)];
        Arrays.fill(want, expected);
        byte[] got = new byte[want.length];
        long bad = 0;
        long firstOff = -1;
        long firstVal = -1;
        for (long pos = 0; pos < length; pos += CHUNK) {
            int n = (int) Math.min(CHUNK, length - pos);
            p.read(pos, got, 0, n);
            int at = 0;
            while (at < n) {
                int m = Arrays.mismatch(got, at, n, want, at, n);
                if (m < 0) {
                    break;
                }
                int idx = at + m;
                if (firstOff < 0) {
                    firstOff = pos + idx;
                    firstVal = got[idx] & 0xFF;
                }
                bad++;
                at = idx + 1;
            }
        }
        return new long[] {bad, firstOff, firstVal};
    }
}
