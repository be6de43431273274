package org.mpsharness.core.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.StreamPool;

/**
 * Thread churn on a stream pool, recorded for the offline checker: each thread repeatedly acquires a slot, makes its
 * stream current, and releases it; now and then it releases again (a double release) or releases a random slot it does
 * not own. Every call goes into the {@link OpLog} with its outcome, so the {@code stream-pool} spec decides whether
 * ownership was exclusive and every misuse refused.
 */
public final class PoolChurn {
    private PoolChurn() {
    }

    /** Runs {@code threads} × {@code iterations} and returns the misbehaviours seen directly (exceptions). */
    public static List<String> run(StreamPool pool, int threads, int iterations, long seed, OpLog log)
            throws InterruptedException {
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                OpLog.Writer w = log.writer(id);
                SplittableRandom rng = new SplittableRandom(seed + id);
                try {
                    go.await();
                    for (int i = 0; i < iterations; i++) {
                        w.invoke(OpLog.Fn.ACQUIRE, 0, 0, 0);
                        int s = pool.acquireSlot();
                        w.ok(OpLog.Fn.ACQUIRE, s, 0, 0);
                        pool.setCurrentStream(pool.getStream(s));
                        if (pool.currentSlot() != s) {
                            errors.add("thread " + id + ": current slot " + pool.currentSlot() + " after acquiring "
                                    + s);
                        }
                        if (rng.nextInt(8) == 0) {
                            release(pool, w, 1 + rng.nextInt(31)); // probably not ours
                        }
                        release(pool, w, s);
                        if (rng.nextInt(8) == 0) {
                            release(pool, w, s); // a double release
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    errors.add("thread " + id + ": " + e);
                }
            }, "churn-" + t);
            ts.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        return errors;
    }

    private static void release(StreamPool pool, OpLog.Writer w, int slot) {
        w.invoke(OpLog.Fn.RELEASE, slot, 0, 0);
        ReleaseOutcome r = pool.releaseStreamSlot(slot);
        w.ok(OpLog.Fn.RELEASE, r.ordinal(), 0, 0);
    }
}
