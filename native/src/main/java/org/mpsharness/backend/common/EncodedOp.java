package org.mpsharness.backend.common;

import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;

/**
 * One operation recorded into a command buffer before commit. The native backends buffer work in Java and hand it to
 * the driver only at commit, in order: CUDA has no command-buffer object (work starts when it is enqueued), and on
 * Metal it keeps every Objective-C call of one command buffer on the committing thread, inside one autorelease pool.
 */
public sealed interface EncodedOp {

    /** Fill {@code [offset, offset+length)} of {@code buffer} with {@code value}. */
    record Fill(TrackedBuffer buffer, long offset, long length, byte value) implements EncodedOp {
    }

    /** Compare {@code [offset, offset+length)} of {@code buffer} with {@code expected}; report into {@code result}. */
    record Verify(TrackedBuffer buffer, long offset, long length, byte expected, PatternCheck result)
            implements EncodedOp {
    }

    /** Busy GPU work of about {@code nanos}. */
    record Compute(long nanos) implements EncodedOp {
    }

    /** Raise {@code event} to {@code value} at this point of the queue. */
    record Signal(SharedEvent event, long value) implements EncodedOp {
    }

    /** Hold the queue at this point until {@code event} reaches {@code value}. */
    record Wait(SharedEvent event, long value) implements EncodedOp {
    }

    /** A verify on a released buffer: it cannot run (its memory may be gone), so its check fails at completion. */
    record Dropped(PatternCheck result, long length) implements EncodedOp {
    }
}
