package org.mpsharness.core.pool;

import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.stream.MpsStream;

/**
 * Improvement 3: how {@code setCurrentStream} finds the slot of a stream. One of the five independent choices a design
 * is made of ({@link org.mpsharness.core.design.DesignSet}); an instance serves one pool (it may keep state).
 *
 * <p>Contract (invariant 7): the result is the slot {@code stream} was created for in {@code streams}, or -1 when the
 * stream is not one of them (a stream of another pool, or a forged one). Constructor convention: {@code ()}.
 */
public interface IndexLookup {

    /** The slot of {@code stream} among {@code streams}, or -1. */
    int indexOf(MpsStream stream, OncePerSlot<MpsStream> streams);
}
