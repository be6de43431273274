package org.mpsharness.stress.support;

/**
 * A stand-in for a lazily created stream in publication tests: three <em>non-final</em> fields written by the
 * constructor. Final fields would hide an unsafe publication in Java (the JMM freezes them at the end of the
 * constructor), and C++ — the port's language — has no such guarantee, so they would test the wrong thing.
 */
public final class Probe {
    /** Value of {@link #b} in every fully built probe. */
    public static final int MAGIC = 0x5A5A;

    public int a;
    public int b;
    public long c;

    public Probe(int index) {
        this.a = index + 1;
        this.b = MAGIC;
        this.c = ((long) a << 32) | MAGIC;
    }

    /** 1: fully built; 0: some constructor write not visible (half-built); -1: no value at all. */
    public static int seen(Probe p) {
        if (p == null) {
            return -1;
        }
        int a = p.a;
        int b = p.b;
        long c = p.c;
        return a != 0 && b == MAGIC && c == (((long) a << 32) | MAGIC) ? 1 : 0;
    }
}
