package org.mpsharness.model.lincheck;

/**
 * Runs work on a thread that starts and ends before the caller goes on, so that a subject can create the state a
 * thread's death leaves behind (a cache and a statistics stripe that belong to nobody).
 */
final class EndedThread {
    private EndedThread() {
    }

    /** Runs {@code body} on a new thread and waits until that thread has ended; rethrows what it threw. */
    static void run(Runnable body) {
        Throwable[] err = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                err[0] = e;
            }
        }, "ended-thread");
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (err[0] != null) {
            throw new IllegalStateException("thread that ended failed: " + err[0], err[0]);
        }
    }
}
