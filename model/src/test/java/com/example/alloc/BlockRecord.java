package com.example.alloc;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.stream.MpsStream;

/**
 * What {@link MonitorCachingAllocator} knows of one of its blocks besides what the block itself says; guarded by the
 * allocator's monitor. (A class of its own so that the allocator stays one readable algorithm.)
 */
final class BlockRecord {
    final BufferBlock block;
    final DeviceHeap heap;
    /** Home stream's fence when the block was last freed (0 while in use). */
    long fence;
    /** One event per foreign stream that used the block, with the highest value reserved on it. */
    final List<Signal> events = new ArrayList<>(2);

    BlockRecord(BufferBlock block, DeviceHeap heap) {
        this.block = block;
        this.heap = heap;
    }

    /** The event of {@code s}, created on first use there. */
    Signal eventFor(MpsStream s, Device device) {
        for (Signal e : events) {
            if (e.stream == s) {
                return e;
            }
        }
        Signal e = new Signal(s, device.newSharedEvent());
        events.add(e);
        return e;
    }

    /** A shared event and the highest signal value reserved on it. */
    static final class Signal {
        final MpsStream stream;
        final SharedEvent event;
        long value;

        Signal(MpsStream stream, SharedEvent event) {
            this.stream = stream;
            this.event = event;
        }

        boolean completed() {
            return event.signaledValue() >= value;
        }
    }
}
