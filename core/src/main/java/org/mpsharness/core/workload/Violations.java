package org.mpsharness.core.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe collector of what a run found wrong: a count and the first texts. */
public final class Violations {
    private static final int MAX_TEXTS = 50;
    private final AtomicLong count = new AtomicLong();
    private final ConcurrentLinkedQueue<String> texts = new ConcurrentLinkedQueue<>();

    public void add(String text) {
        if (count.incrementAndGet() <= MAX_TEXTS) {
            texts.add(text);
        }
    }

    public long count() {
        return count.get();
    }

    public List<String> texts() {
        return new ArrayList<>(texts);
    }
}
