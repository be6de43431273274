package org.mpsharness.model.history;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mpsharness.core.alloc.PoolKind;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.workload.OpLog;

/**
 * Turns a workload's {@link OpLog} into the histories the component specs check: the stream pool's
 * ({@code acquire}/{@code release}, spec {@code stream-pool}) and the allocator's ({@code malloc}/{@code free}, spec
 * {@code allocator}), and, when a {@code RecordingCommitGate} recorded into the same log, the commit gate's
 * ({@code activate}/{@code deactivate}/{@code beginContinue}/{@code endContinue}, spec {@code commit-gate}), in the
 * documented JSON-lines shapes.
 */
public final class RecordedHistories {
    public static final String POOL = "stream-pool";
    public static final String ALLOCATOR = "allocator";
    /** Present only when the log holds gate events (a runtime assembled with a RecordingCommitGate). */
    public static final String GATE = "commit-gate";

    private RecordedHistories() {
    }

    /** Spec name → history. */
    public static Map<String, History> from(OpLog log, String source) {
        HistoryBuilder pool = new HistoryBuilder(source + " (stream pool)");
        HistoryBuilder alloc = new HistoryBuilder(source + " (allocator)");
        HistoryBuilder gate = new HistoryBuilder(source + " (commit gate)");
        boolean gateEvents = false;
        long pos = 0;
        try {
            for (OpLog.Event e : log.events()) {
                pos++;
                boolean isPool = e.fn() == OpLog.Fn.ACQUIRE || e.fn() == OpLog.Fn.RELEASE;
                boolean isGate = isGate(e.fn());
                gateEvents |= isGate;
                HistoryBuilder b = isGate ? gate : isPool ? pool : alloc;
                String f = isGate ? gateName(e.fn()) : e.fn().name().toLowerCase(java.util.Locale.ROOT);
                switch (e.type()) {
                    case OpLog.INVOKE:
                        b.invoke(pos, e.process(), f, input(e));
                        break;
                    case OpLog.OK:
                        b.ok(pos, e.process(), f, output(e));
                        break;
                    case OpLog.FAIL:
                        b.fail(pos, e.process(), f);
                        break;
                    default:
                        b.info(pos, e.process(), f);
                }
            }
        } catch (HistoryFormatException ex) {
            throw new IllegalStateException("the recorder produced a malformed history: " + ex.getMessage(), ex);
        }
        Map<String, History> out = new LinkedHashMap<>();
        out.put(POOL, pool.build());
        out.put(ALLOCATOR, alloc.build());
        if (gateEvents) {
            out.put(GATE, gate.build());
        }
        return out;
    }

    private static boolean isGate(OpLog.Fn fn) {
        return fn == OpLog.Fn.ACTIVATE || fn == OpLog.Fn.DEACTIVATE || fn == OpLog.Fn.BEGIN_CONTINUE
                || fn == OpLog.Fn.END_CONTINUE;
    }

    /** The commit-gate spec's operation names. */
    private static String gateName(OpLog.Fn fn) {
        switch (fn) {
            case ACTIVATE:
                return "activate";
            case DEACTIVATE:
                return "deactivate";
            case BEGIN_CONTINUE:
                return "beginContinue";
            default:
                return "endContinue";
        }
    }

    private static Object input(OpLog.Event e) {
        switch (e.fn()) {
            case ACQUIRE:
                return null;
            case RELEASE:
                return Map.of("slot", e.a());
            case MALLOC:
                return Map.of("size", e.a(), "usage", Usage.values()[(int) e.b()].name(), "stream", e.c());
            case FREE:
                return Map.of("id", e.a(), "size", e.b(), "pool", PoolKind.values()[(int) e.c()].name());
            case ACTIVATE:
            case DEACTIVATE:
            case BEGIN_CONTINUE:
            case END_CONTINUE:
                return Map.of("stream", e.a());
            default:
                throw new AssertionError(e.fn());
        }
    }

    private static Object output(OpLog.Event e) {
        switch (e.fn()) {
            case ACQUIRE:
                return e.a();
            case RELEASE:
                return ReleaseOutcome.values()[(int) e.a()].name();
            case MALLOC:
                return Map.of("id", e.a(), "size", e.b(), "pool", PoolKind.values()[(int) e.c()].name());
            case FREE:
            case ACTIVATE:
            case DEACTIVATE:
            case END_CONTINUE:
                return null;
            case BEGIN_CONTINUE:
                return e.a() == 1;
            default:
                throw new AssertionError(e.fn());
        }
    }
}
