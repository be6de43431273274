package org.mpsharness.core.alloc;

import java.util.List;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.stream.MpsStream;

/** The fields of a {@link BufferBlock}, between two paddings (see {@link BlockPadding}); documented there. */
abstract class BlockFields extends BlockPadding {
    final long id;
    final DeviceBuffer buffer;
    /** The buffer's address, cached as an ordering key. */
    final long address;
    final HeapBlock heap;
    final long size;
    final PoolKind pool;
    /** Accessed only through {@code BufferBlock.STATE}. */
    volatile int state;
    long requestedSize;
    MpsStream stream;
    long fence;
    List<MpsEvent> events;
    int gcCount;
    int useCount;

    BlockFields(long id, DeviceBuffer buffer, HeapBlock heap, long size, PoolKind pool) {
        this.id = id;
        this.buffer = buffer;
        this.address = buffer == null ? Long.MIN_VALUE : buffer.address();
        this.heap = heap;
        this.size = size;
        this.pool = pool;
    }
}
