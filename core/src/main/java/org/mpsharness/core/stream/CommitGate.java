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
 * <p>Protocol for one commit, <b>holding the stream's mutex</b> from the decision to the end of the continue (as
 * {@link MpsStream}'s commit paths do; callers outside it use {@link MpsStream#underMutex}):
 * {@code if (gate.tryBeginContinue(s)) { try { commit-and-continue } finally { gate.endContinue(s); } } else { plain
 * commit }}. A gate may rely on that mutex: the adaptive gate lets a stream keep deciding without any write while it
 * stays the only active one, and takes the mutex once when another stream activates, which waits out a decision in
 * flight. Hence also: {@link #activate} may take another stream's mutex, so it must not be called while holding an
 * allocator lock or a stream mutex (the lock-order checker reports it: level {@code GATE}).
 *
 * <p>Two users of one stream are normal (every thread that works on the default stream activates it; any thread may
 * use another slot's stream), and the property must hold for them too.
 */
public interface CommitGate {

    /**
     * Marks {@code stream} active (one more user; re-entrant per stream). May wait while another stream's
     * commit-and-continue runs; when it returns, no other stream's commit-and-continue is in progress.
     */
    void activate(MpsStream stream);

    /** Undoes one {@link #activate}. */
    void deactivate(MpsStream stream);

    /**
     * True when {@code stream} may commit-and-continue now; the gate then holds it "in progress" until
     * {@link #endContinue}, and no other stream can become active meanwhile. Called holding {@code stream}'s mutex.
     */
    boolean tryBeginContinue(MpsStream stream);

    /** Ends the commit-and-continue that {@link #tryBeginContinue} allowed; called holding the same mutex. */
    void endContinue(MpsStream stream);

    /** Streams active now (for reports and checks): a count that was true at one instant during the call. */
    int activeStreams();

    /** The mode this gate implements: "off", "on" or "auto". */
    String mode();
}
