package org.mpsharness.model.mutants;

import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.pool.IndexLookup;
import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug: improvement 3's lookup trusts the index stored on the stream without checking that the stream is the one
 * this pool published for that index.
 *
 * <p><b>Operator:</b> remove a guard (the identity check of improvement 3's lookup). Streams are shared objects — any
 * thread may take {@code getStream(i)} of a slot another thread owns, and a process may hold two pools (two devices)
 * — so a stream of another pool reaches setCurrentStream; this pool then makes its own slot current: work meant for
 * one device's queue is encoded on another's.
 *
 * <p><b>Breaks:</b> invariant 7 (the index used by setCurrentStream is the slot the stream was created for, in this
 * pool).
 *
 * <p><b>Caught by:</b> the pool contract (a stream of another pool accepted) and Lincheck ({@code StreamPoolLin}'s
 * {@code foreignPoolStream}).
 */
public final class UnvalidatedIndexLookup implements IndexLookup {

    public UnvalidatedIndexLookup() {
        // stateless
    }

    @Override
    public int indexOf(MpsStream stream, OncePerSlot<MpsStream> streams) {
        return stream.index(); // MUTATION: production also requires streams.peek(index) == stream
    }
}
