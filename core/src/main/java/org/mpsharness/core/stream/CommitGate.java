package org.mpsharness.core.stream;

/**
 * Improvement 2: who may use commit-and-continue, and when.
 *
 * <p>The fork turned commit-and-continue off on every stream for parallel safety, at the cost of a forced commit after
 * every graph execution, which is where single-thread throughput went. The improved design keeps the safety property
 * and recovers the throughput: <b>no commit-and-continue runs while another stream is active</b> — including when a
 * second stream becomes active during one.
 *
 * <p>A stream is <em>active</em> between {@link #activate} and {@link #deactivate}: the pool activates a worker stream
 * while its slot is held; the default stream is active while a thread runs an operation on it.
 *
 * <p>Protocol for one commit: {@code if (gate.tryBeginContinue(s)) { try { commit-and-continue } finally {
 * gate.endContinue(s); } } else { plain commit }}.
 */
public interface CommitGate {

    /** Marks {@code stream} active (re-entrant per stream). May wait while another stream's commit-and-continue runs. */
    void activate(MpsStream stream);

    /** Undoes one {@link #activate}. */
    void deactivate(MpsStream stream);

    /**
     * True when {@code stream} may commit-and-continue now; the gate then holds it "in progress" until
     * {@link #endContinue}, and no other stream can become active meanwhile.
     */
    boolean tryBeginContinue(MpsStream stream);

    void endContinue(MpsStream stream);

    /** Streams active now (for reports and checks). */
    int activeStreams();

    /** The mode this gate implements: "off", "on" or "auto". */
    String mode();
}
