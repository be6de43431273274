package org.mpsharness.core.pool;

import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.stream.MpsStream;

/**
 * Baseline of improvement 3, as MPSStream.mm's setCurrentStream: scan every slot for the stream, under whatever lock
 * the once-per-slot component reads its slots with (the baseline's {@code stream_creation_mutex_}). Correct for any
 * stream; every stream switch of every thread pays the scan and the lock.
 */
public final class ScanIndexLookup implements IndexLookup {

    public ScanIndexLookup() {
        // stateless: the constructor convention of IndexLookup is ()
    }

    @Override
    public int indexOf(MpsStream stream, OncePerSlot<MpsStream> streams) {
        return streams.indexOf(stream);
    }
}
