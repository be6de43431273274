package org.mpsharness.core.stream;

/** How an operation ends its encoding on a stream (MPSStream.h {@code SyncType}). */
public enum SyncType {
    /** Keep encoding into the current command buffer. */
    NONE,
    /** Commit the current command buffer: commit-and-continue where the gate allows it, else a flush. */
    COMMIT,
    /** Commit and block until the stream's work has completed. */
    COMMIT_AND_WAIT,
    /** Commit the underlying buffer and continue into a fresh one; only where the gate allows it. */
    COMMIT_AND_CONTINUE,
    /** Commit only when the allocator is within 1 MB of its low watermark (memory pressure). */
    COMMIT_ADAPTIVE
}
