package org.mpsharness.core.stream;

/**
 * Baseline of improvement 2 (and {@code PYTORCH_MPS_COMMIT_AND_CONTINUE=off}): commit-and-continue is off on every
 * stream, so every graph execution ends in a plain commit. Safe by construction; activity is counted only for reports.
 */
public final class DisabledCommitGate implements CommitGate {
    private final ActivityCounter activity = new ActivityCounter();

    @Override
    public void activate(MpsStream stream) {
        activity.enter(stream);
    }

    @Override
    public void deactivate(MpsStream stream) {
        activity.exit(stream);
    }

    @Override
    public boolean tryBeginContinue(MpsStream stream) {
        return false;
    }

    @Override
    public void endContinue(MpsStream stream) {
        throw new IllegalStateException("commit-and-continue is disabled: nothing to end");
    }

    @Override
    public int activeStreams() {
        return activity.activeStreams();
    }

    @Override
    public String mode() {
        return "off";
    }
}
