package org.mpsharness.app;

import java.util.Locale;
import java.util.Map;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.stream.CommitGates;

/**
 * The PyTorch environment variables the harness honours, checked before a command prints anything: a bad value is
 * one line and exit 2, never a header followed by an error.
 */
final class Env {
    private Env() {
    }

    /** {@value CommitGates#ENV}: on, off or auto; null when unset. */
    static String commitMode(Map<String, String> env) {
        String v = env.get(CommitGates.ENV);
        if (v == null) {
            return null;
        }
        String m = v.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("on") && !m.equals("off") && !m.equals("auto")) {
            throw new UsageException(CommitGates.ENV + " must be on, off or auto (got '" + v + "')");
        }
        return m;
    }

    /**
     * The allocator's configuration from the watermark variables, for a device with or without unified memory. The
     * low ratio's default depends on the device (1.4 with unified memory, 1.0 without), so a high ratio set alone
     * below it is named for what it is: the high ratio, not the low one the user never set.
     */
    static AllocatorConfig allocator(Map<String, String> env, boolean unifiedMemory) {
        AllocatorConfig c;
        try {
            c = AllocatorConfig.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        double high = c.highWatermarkRatio();
        double low = c.effectiveLowRatio(unifiedMemory);
        if (env.get(AllocatorConfig.LOW_ENV) == null && high != 0 && low > high) {
            throw new UsageException(AllocatorConfig.HIGH_ENV + "=" + env.get(AllocatorConfig.HIGH_ENV)
                    + " is below the default low watermark ratio " + low + " (" + (unifiedMemory ? "unified memory"
                    : "discrete memory") + "): set " + AllocatorConfig.LOW_ENV + " too, to at most " + high
                    + ", or a high ratio of at least " + low);
        }
        return c;
    }
}
