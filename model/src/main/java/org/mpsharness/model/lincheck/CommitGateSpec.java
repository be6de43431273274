package org.mpsharness.model.lincheck;

import java.util.Arrays;

/**
 * Sequential specification of {@link CommitGateLin}: commit-and-continue exactly when the caller's stream is the only
 * active one (for a gate that continues at all); plain commit otherwise.
 */
public class CommitGateSpec {
    private final boolean[] active = new boolean[CommitGateLin.THREADS];

    public int activate(int tid) {
        if (active[tid]) {
            return 0;
        }
        active[tid] = true;
        return 1;
    }

    public int deactivate(int tid) {
        if (!active[tid]) {
            return 0;
        }
        active[tid] = false;
        return 1;
    }

    public int commitOnce(int tid) {
        if (!CommitGateLin.continues || !active[tid]) {
            return 0;
        }
        for (int t = 0; t < active.length; t++) {
            if (t != tid && active[t]) {
                return 0;
            }
        }
        return 1;
    }

    public int activeStreams() {
        int n = 0;
        for (boolean a : active) {
            n += a ? 1 : 0;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommitGateSpec && Arrays.equals(((CommitGateSpec) o).active, active);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(active);
    }
}
