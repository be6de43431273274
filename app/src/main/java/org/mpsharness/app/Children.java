package org.mpsharness.app;

import java.io.IOException;

/**
 * The one door through which the harness starts processes (check JVMs, jcstress). Why: an interrupt kills every child
 * ({@link Session#killDescendants}), and a child started a moment after that would outlive the harness; starting and
 * stopping take the same lock, and once stopped no child starts again.
 */
public final class Children {
    private static final Object LOCK = new Object();
    private static boolean stopped;

    private Children() {
    }

    /** Starts {@code pb}, unless the harness is being stopped (then an IOException says so). */
    public static Process start(ProcessBuilder pb) throws IOException {
        synchronized (LOCK) {
            if (stopped) {
                throw new IOException("interrupted: no new process is started");
            }
            return pb.start();
        }
    }

    /** From now on no child starts; kills those running (and theirs); returns how many were killed. */
    static int stopAll() {
        synchronized (LOCK) {
            stopped = true;
            return Session.killDescendants();
        }
    }
}
