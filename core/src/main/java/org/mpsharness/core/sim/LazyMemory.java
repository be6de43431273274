package org.mpsharness.core.sim;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Real bytes for a simulated heap, backed page by page on first write, so that a 1 GiB heap costs nothing until the
 * workload touches it. Unwritten bytes read as zero. Writes from two queues to one range race exactly as they would on
 * a GPU, which is the point: the workload's owner-tagged patterns then show the corruption.
 */
final class LazyMemory {
    static final int PAGE = 1 << 16;
    /** Pages filled with one value, to compare against with a vectorised mismatch. Published with release/acquire
     * (AtomicReferenceArray) so that no reader sees a template before its fill. */
    private static final AtomicReferenceArray<byte[]> TEMPLATES = new AtomicReferenceArray<>(256);

    private final long size;
    private final AtomicReferenceArray<byte[]> pages;

    LazyMemory(long size) {
        long n = (size + PAGE - 1) / PAGE;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("simulated heap too large: " + size);
        }
        this.size = size;
        this.pages = new AtomicReferenceArray<>((int) n);
    }

    void fill(long offset, long length, byte value) {
        check(offset, length);
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            int pi = (int) (pos / PAGE);
            int from = (int) (pos % PAGE);
            int to = (int) Math.min(PAGE, from + (end - pos));
            byte[] page = pages.get(pi);
            if (page == null) {
                if (value == 0) {
                    pos += to - from;
                    continue;
                }
                byte[] fresh = new byte[PAGE];
                page = pages.compareAndSet(pi, null, fresh) ? fresh : pages.get(pi);
            }
            Arrays.fill(page, from, to, value);
            pos += to - from;
        }
    }

    /** Returns {mismatching bytes, first bad offset, first bad value}. */
    long[] verify(long offset, long length, byte expected) {
        check(offset, length);
        byte[] template = template(expected);
        long bad = 0;
        long firstOff = -1;
        long firstVal = -1;
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            int pi = (int) (pos / PAGE);
            int from = (int) (pos % PAGE);
            int to = (int) Math.min(PAGE, from + (end - pos));
            byte[] page = pages.get(pi);
            if (page == null) {
                if (expected != 0) {
                    bad += to - from;
                    if (firstOff < 0) {
                        firstOff = pos;
                        firstVal = 0;
                    }
                }
            } else {
                int at = from;
                while (at < to) {
                    int m = Arrays.mismatch(page, at, to, template, at, to);
                    if (m < 0) {
                        break;
                    }
                    int idx = at + m;
                    if (firstOff < 0) {
                        firstOff = (long) pi * PAGE + idx;
                        firstVal = page[idx] & 0xFF;
                    }
                    bad++;
                    at = idx + 1;
                }
            }
            pos += to - from;
        }
        return new long[] {bad, firstOff, firstVal};
    }

    private static byte[] template(byte value) {
        int i = value & 0xFF;
        byte[] t = TEMPLATES.get(i);
        if (t == null) {
            t = new byte[PAGE];
            Arrays.fill(t, value);
            if (!TEMPLATES.compareAndSet(i, null, t)) {
                t = TEMPLATES.get(i);
            }
        }
        return t;
    }

    private void check(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") outside " + size);
        }
    }
}
