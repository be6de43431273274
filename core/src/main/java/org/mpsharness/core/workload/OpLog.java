package org.mpsharness.core.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A recorded history of operations: invocation and response of each call, per thread, for the offline
 * linearizability checker. Low overhead: each thread appends fixed-size records to its own {@code long[]} chunks (no
 * lock, no shared counter, no allocation per event); times are {@link System#nanoTime()}, monotonic across cores.
 * The model module turns a log into the documented JSON-lines format.
 */
public final class OpLog {
    public static final int INVOKE = 0;
    public static final int OK = 1;
    public static final int FAIL = 2;
    public static final int INFO = 3;

    /** Operations with their argument/result slots. */
    public enum Fn {
        /** invoke: -; ok: slot. fail: exhausted/shutdown. */
        ACQUIRE,
        /** invoke: slot; ok: outcome ordinal. */
        RELEASE,
        /** invoke: size, usage ordinal, stream; ok: id, aligned size, pool ordinal. */
        MALLOC,
        /** invoke: id, size, pool ordinal; ok: -. */
        FREE,
        /** Commit gate (see RecordingCommitGate). invoke: stream; ok: -. */
        ACTIVATE,
        /** invoke: stream; ok: -. */
        DEACTIVATE,
        /** invoke: stream; ok: 1 = commit-and-continue allowed (now in progress), 0 = plain commit. */
        BEGIN_CONTINUE,
        /** invoke: stream; ok: -. */
        END_CONTINUE
    }

    private static final int WIDTH = 7; // time, process, type, fn, a, b, c
    private static final int CHUNK = 4096 * WIDTH;

    private final ConcurrentLinkedQueue<Writer> writers = new ConcurrentLinkedQueue<>();

    /** One thread's appender. Use from that thread only. */
    public final class Writer {
        private final int process;
        private final List<long[]> chunks = new ArrayList<>();
        private long[] cur = new long[CHUNK];
        private int pos;

        private Writer(int process) {
            this.process = process;
            chunks.add(cur);
        }

        public void add(int type, Fn fn, long a, long b, long c) {
            if (pos == CHUNK) {
                cur = new long[CHUNK];
                chunks.add(cur);
                pos = 0;
            }
            long[] r = cur;
            r[pos] = System.nanoTime();
            r[pos + 1] = process;
            r[pos + 2] = type;
            r[pos + 3] = fn.ordinal();
            r[pos + 4] = a;
            r[pos + 5] = b;
            r[pos + 6] = c;
            pos += WIDTH;
        }

        public void invoke(Fn fn, long a, long b, long c) {
            add(INVOKE, fn, a, b, c);
        }

        public void ok(Fn fn, long a, long b, long c) {
            add(OK, fn, a, b, c);
        }

        public void fail(Fn fn) {
            add(FAIL, fn, 0, 0, 0);
        }

        public void info(Fn fn) {
            add(INFO, fn, 0, 0, 0);
        }

        private void drainTo(List<Event> out) {
            for (long[] ch : chunks) {
                int end = ch == cur ? pos : CHUNK;
                for (int i = 0; i < end; i += WIDTH) {
                    out.add(new Event(ch[i], (int) ch[i + 1], (int) ch[i + 2], Fn.values()[(int) ch[i + 3]],
                            ch[i + 4], ch[i + 5], ch[i + 6]));
                }
            }
        }
    }

    /** One recorded event. */
    public record Event(long time, int process, int type, Fn fn, long a, long b, long c) {
    }

    /** A writer for a new process id (one per thread). */
    public Writer writer(int process) {
        Writer w = new Writer(process);
        writers.add(w);
        return w;
    }

    /**
     * Every event in one real-time order: per-thread sequences merged by time, each thread's own events kept in
     * program order, and at equal times invocations before completions (so operations that cannot be ordered by the
     * clock are treated as overlapping, never as ordered). Call after the writers stopped.
     */
    public List<Event> events() {
        List<List<Event>> perThread = new ArrayList<>();
        for (Writer w : writers) {
            List<Event> l = new ArrayList<>();
            w.drainTo(l);
            perThread.add(l);
        }
        int[] next = new int[perThread.size()];
        java.util.PriorityQueue<int[]> heads = new java.util.PriorityQueue<>((a, b) -> {
            Event x = perThread.get(a[0]).get(next[a[0]]);
            Event y = perThread.get(b[0]).get(next[b[0]]);
            int c = Long.compare(x.time(), y.time());
            if (c != 0) {
                return c;
            }
            c = Integer.compare(x.type() == INVOKE ? 0 : 1, y.type() == INVOKE ? 0 : 1);
            return c != 0 ? c : Integer.compare(a[0], b[0]);
        });
        for (int i = 0; i < perThread.size(); i++) {
            if (!perThread.get(i).isEmpty()) {
                heads.add(new int[] {i});
            }
        }
        List<Event> out = new ArrayList<>();
        while (!heads.isEmpty()) {
            int[] h = heads.poll();
            out.add(perThread.get(h[0]).get(next[h[0]]++));
            if (next[h[0]] < perThread.get(h[0]).size()) {
                heads.add(h);
            }
        }
        return out;
    }
}
