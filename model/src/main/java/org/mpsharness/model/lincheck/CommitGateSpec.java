package org.mpsharness.model.lincheck;

import java.util.Arrays;

/**
 * Sequential specification of {@link CommitGateLin}: a stream is active while at least one thread uses it;
 * commit-and-continue exactly when the stream is active and no other stream is (for a gate that continues at all),
 * plain commit otherwise; {@code activeStreams} counts the active streams.
 */
public class CommitGateSpec {
    private final boolean[] active = new boolean[CommitGateLin.THREADS * CommitGateLin.STREAMS];

    public int activate(int tid, int stream) {
        int i = tid * CommitGateLin.STREAMS + stream;
        if (active[i]) {
            return 0;
        }
        active[i] = true;
        return 1;
    }

    public int deactivate(int tid, int stream) {
        int i = tid * CommitGateLin.STREAMS + stream;
        if (!active[i]) {
            return 0;
        }
        active[i] = false;
        return 1;
    }

    public int commitOnce(int stream) {
        if (!CommitGateLin.continues || !streamActive(stream)) {
            return 0;
        }
        for (int s = 0; s < CommitGateLin.STREAMS; s++) {
            if (s != stream && streamActive(s)) {
                return 0;
            }
        }
        return 1;
    }

    public int activeStreams() {
        int n = 0;
        for (int s = 0; s < CommitGateLin.STREAMS; s++) {
            n += streamActive(s) ? 1 : 0;
        }
        return n;
    }

    private boolean streamActive(int stream) {
        for (int t = 0; t < CommitGateLin.THREADS; t++) {
            if (active[t * CommitGateLin.STREAMS + stream]) {
                return true;
            }
        }
        return false;
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
