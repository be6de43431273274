package org.mpsharness.core.stream;

/**
 * {@code PYTORCH_MPS_COMMIT_AND_CONTINUE=on}: commit-and-continue on every stream, whatever else is active — upstream's
 * single-stream behaviour, for experiments only. It breaks the gate's safety property as soon as two streams are
 * active, and the checks say so.
 */
public final class ForcedCommitGate implements CommitGate {
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
        return true;
    }

    @Override
    public void endContinue(MpsStream stream) {
        // nothing held
    }

    @Override
    public int activeStreams() {
        return activity.activeStreams();
    }

    @Override
    public String mode() {
        return "on";
    }
}
