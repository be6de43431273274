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
        FREE
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

    /** Every event, ordered by time (ties keep per-process order). Call after the writers stopped. */
    public List<Event> events() {
        List<Event> all = new ArrayList<>();
        for (Writer w : writers) {
            w.drainTo(all);
        }
        all.sort((x, y) -> Long.compare(x.time(), y.time()));
        return all;
    }
}
