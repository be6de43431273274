package org.mpsharness.model.check;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.mpsharness.core.once.OncePerSlot;

/** Contract of a {@link OncePerSlot} (invariant 6): exactly once under races, retryable after a failed factory. */
final class OnceContract {
    private OnceContract() {
    }

    static void run(Class<?> impl) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        OncePerSlot<String> once = Instances.once(impl, 4, i -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("device refused");
            }
            return "v" + i;
        });
        try {
            once.get(1);
            Contracts.require(false, "a factory exception was swallowed");
        } catch (IllegalStateException expected) {
            // the slot must stay empty and retryable
        }
        Contracts.require(once.peek(1) == null, "a failed creation left a value");
        Contracts.require("v1".equals(once.get(1)), "retry after a failed creation did not create");
        Contracts.require(once.get(1) == once.get(1) && calls.get() == 2, "value created more than once");
        Contracts.require(once.indexOf(once.get(1)) == 1, "indexOf did not find the slot of its value");
        Contracts.require(once.peek(1) == once.get(1) && once.peek(2) == null, "peek of a created slot gave "
                + once.peek(1) + ", of a slot never asked for " + once.peek(2));
        Contracts.require(once.size() == 4, "a once-per-slot of 4 slots reports size " + once.size());
        // a value of no slot (a stream of another pool): -1, after a scan of every slot, created or not (PIT: a scan
        // past the last slot, and an answer of 0, survived)
        Contracts.require(once.indexOf("a value of no slot") == -1, "indexOf found a value that is in no slot: "
                + once.indexOf("a value of no slot"));
        for (int round = 0; round < 30; round++) {
            race(impl);
        }
    }

    private static void race(Class<?> impl) throws Exception {
        int threads = 4;
        AtomicIntegerArray runs = new AtomicIntegerArray(2);
        OncePerSlot<Object> once = Instances.once(impl, 2, i -> {
            runs.incrementAndGet(i);
            Thread.yield();
            return new Object();
        });
        CyclicBarrier go = new CyclicBarrier(threads);
        Object[][] seen = new Object[threads][2];
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (Exception e) {
                    return;
                }
                seen[id][id % 2] = once.get(id % 2);
                seen[id][1 - id % 2] = once.get(1 - id % 2);
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        for (int i = 0; i < 2; i++) {
            Contracts.require(runs.get(i) == 1, "factory ran " + runs.get(i) + " times for slot " + i
                    + " under a race (a leaked native stream)");
            for (int t = 1; t < threads; t++) {
                Contracts.require(seen[t][i] == seen[0][i], "threads saw different values for slot " + i);
            }
        }
    }
}
