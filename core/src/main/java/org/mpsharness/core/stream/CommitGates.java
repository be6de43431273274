package org.mpsharness.core.stream;

import java.util.Locale;

/**
 * Builds the commit gate from configuration: the environment variable {@value #ENV} ({@code on}, {@code off},
 * {@code auto}) overrides the design's default. Any other value is a configuration error with one clear line.
 */
public final class CommitGates {
    /** Environment variable that overrides the commit-and-continue policy. */
    public static final String ENV = "PYTORCH_MPS_COMMIT_AND_CONTINUE";

    private CommitGates() {
    }

    /** The gate for {@code mode} ("on", "off", "auto"). */
    public static CommitGate forMode(String mode) {
        switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "on":
                return new ForcedCommitGate();
            case "off":
                return new DisabledCommitGate();
            case "auto":
                return new AdaptiveCommitGate();
            default:
                throw new IllegalArgumentException(ENV + " must be on, off or auto (got '" + mode + "')");
        }
    }

    /**
     * The gate chosen by {@code envValue} (the variable's value, or null when unset) or else {@code designDefault}.
     *
     * @throws IllegalArgumentException for a value other than on/off/auto (empty included)
     */
    public static CommitGate fromEnvironment(String envValue, String designDefault) {
        return forMode(envValue == null ? designDefault : envValue);
    }
}
