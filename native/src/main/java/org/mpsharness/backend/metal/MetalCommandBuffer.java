package org.mpsharness.backend.metal;

import com.sun.jna.Pointer;
import java.util.List;
import org.mpsharness.backend.common.EncodedOp;
import org.mpsharness.backend.common.QueuedCommandBuffer;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceException;
import org.mpsharness.core.device.SharedEvent;

/**
 * A command buffer on Metal. Work is recorded in Java and encoded at commit inside one autorelease pool on the
 * committing thread: {@code [queue commandBuffer]} (autoreleased, so it is retained to outlive the pool), blits in
 * {@code blitCommandEncoder}s (fill → {@code fillBuffer:range:value:}; verify → {@code copyFromBuffer:…} of the
 * enclosing 4-byte words into a fresh shared staging buffer; compute → fills of the queue's scratch buffer sized by
 * the device's fill rate), events with
 * {@code encodeSignalEvent:value:} / {@code encodeWaitForEvent:value:} between encoders, then {@code commit}. The
 * device's poller reads {@code status} until Completed (4) or Error (5); at completion the staging bytes are compared
 * on the CPU ({@link HostCompare}) and the staging buffers and the command buffer are released.
 */
final class MetalCommandBuffer extends QueuedCommandBuffer {
    private static final ThreadLocal<NSRange.ByValue> RANGE = ThreadLocal.withInitial(NSRange.ByValue::new);
    /** At most this many scratch fills per compute op: about 340 ms at the default rate, a cap on encoding work. */
    private static final int MAX_COMPUTE_FILLS = 4096;

    private final MetalQueue q;
    private final MetalDevice device;
    private final Selectors s;
    private long cb; // retained MTLCommandBuffer, 0 when none
    private long[] staging; // per op index: shared staging buffer of a verify, 0 when none

    MetalCommandBuffer(MetalQueue q) {
        super(q);
        this.q = q;
        this.device = q.device();
        this.s = device.runtime().sel;
    }

    @Override
    protected void checkEvent(SharedEvent event) {
        if (!(event instanceof MetalSharedEvent) || ((MetalSharedEvent) event).device() != device) {
            throw new IllegalArgumentException(event + " is not a shared event of " + device.name());
        }
    }

    /** {@code n} rounded up to whole 4-byte words. */
    static long words(long n) {
        return (n + 3) & ~3L;
    }

    /**
     * macOS blits take only 4-byte-aligned offsets and lengths. Buffers are allocated in whole words, so a fill that
     * ends at the buffer's end may be widened into its padding; any other unaligned fill would have to overwrite the
     * client's neighbouring bytes (or need a compute kernel this backend does not have), so it is refused here.
     */
    @Override
    protected void checkFill(DeviceBuffer buffer, long offset, long length) {
        long end = offset + length;
        if (length > 0 && (offset % 4 != 0 || (end % 4 != 0 && end != buffer.length()))) {
            throw new IllegalArgumentException("Metal fills 4-byte-aligned ranges only (a macOS blit rule): ["
                    + offset + ", +" + length + ") of a buffer of " + buffer.length());
        }
    }

    @Override
    protected boolean prepareWait(SharedEvent event, long value, List<EncodedOp> earlier) {
        return true; // Metal holds the GPU queue until the value is reached, whenever the signal is committed
    }

    @Override
    protected void enqueueNative(List<EncodedOp> ops) {
        long pool = MetalRuntime.push();
        try {
            long autoreleased = ObjC.msgSend(q.handle(), s.commandBuffer);
            if (autoreleased == 0) {
                throw new DeviceException("commandBuffer returned nil on queue '" + q.label() + "'");
            }
            cb = ObjC.msgSend(autoreleased, s.retain);
            staging = new long[ops.size()];
            long enc = 0;
            try {
                for (int i = 0; i < ops.size(); i++) {
                    enc = encode(ops.get(i), i, enc);
                }
                enc = endEncoder(enc);
            } catch (RuntimeException | Error e) {
                endEncoder(enc);
                releaseStaging();
                ObjC.msgSendVoid(cb, s.release); // never committed: Metal discards it
                cb = 0;
                throw e;
            }
            ObjC.msgSendVoid(cb, s.commit);
        } finally {
            MetalRuntime.pop(pool);
        }
    }

    private long encode(EncodedOp op, int index, long enc) {
        if (op instanceof EncodedOp.Fill f) {
            enc = blitEncoder(enc);
            // checkFill admitted it: aligned, or ending at the buffer's end (then widened into the padding)
            fill(enc, ((MetalBuffer) f.buffer()).handle(), f.offset(), words(f.length()), f.value());
        } else if (op instanceof EncodedOp.Verify v) {
            if (v.length() == 0) {
                return enc;
            }
            // copy whole words around the range (legal on macOS, inside the word-padded buffer); compare the range
            long from = v.offset() & ~3L;
            long span = words(v.offset() + v.length()) - from;
            long st = ObjC.msgSend(device.handle(), s.newBufferWithLengthOptions, span, 0L /* shared */);
            if (st == 0) {
                gpuError("newBufferWithLength:options: returned nil for a " + span + "-byte verify staging buffer");
                return enc;
            }
            staging[index] = st;
            enc = blitEncoder(enc);
            ObjC.msgSendCopy(enc, s.copyBuffer, ((MetalBuffer) v.buffer()).handle(), from, st, 0, span);
        } else if (op instanceof EncodedOp.Compute c) {
            enc = blitEncoder(enc);
            long scratch = q.scratch();
            long chunk = q.scratchLength();
            long cap = chunk * MAX_COMPUTE_FILLS;
            long rate = device.fillBytesPerNano();
            long bytes = words(c.nanos() >= cap / rate ? cap : Math.max(1, c.nanos() * rate));
            for (long left = bytes; left > 0; left -= chunk) {
                fill(enc, scratch, 0, Math.min(left, chunk), (byte) 0);
            }
        } else if (op instanceof EncodedOp.Signal sig) {
            enc = endEncoder(enc);
            ObjC.msgSendVoid(cb, s.encodeSignalEvent, ((MetalSharedEvent) sig.event()).handle(), sig.value());
        } else if (op instanceof EncodedOp.Wait w) {
            enc = endEncoder(enc);
            ObjC.msgSendVoid(cb, s.encodeWaitForEvent, ((MetalSharedEvent) w.event()).handle(), w.value());
        }
        return enc;
    }

    private long blitEncoder(long enc) {
        if (enc != 0) {
            return enc;
        }
        long e = ObjC.msgSend(cb, s.blitCommandEncoder); // autoreleased: lives until this commit's pool pops
        if (e == 0) {
            throw new DeviceException("blitCommandEncoder returned nil on queue '" + q.label() + "'");
        }
        return e;
    }

    private long endEncoder(long enc) {
        if (enc != 0) {
            ObjC.msgSendVoid(enc, s.endEncoding);
        }
        return 0;
    }

    private void fill(long enc, long buffer, long offset, long length, byte value) {
        NSRange.ByValue r = RANGE.get();
        r.location = offset;
        r.length = length;
        ObjC.msgSendFill(enc, s.fillBuffer, buffer, r, value & 0xFF);
    }

    @Override
    protected boolean pollNative() {
        long st = ObjC.msgSend(cb, s.status); // the poller holds a pool around its scan
        if (st == MetalRuntime.STATUS_ERROR) {
            gpuError("Metal command buffer error: " + errorText());
            return true;
        }
        return st == MetalRuntime.STATUS_COMPLETED;
    }

    private String errorText() {
        long err = ObjC.msgSend(cb, s.error);
        if (err == 0) {
            return "(no NSError)";
        }
        return device.runtime().string(ObjC.msgSend(err, s.localizedDescription));
    }

    @Override
    protected void deliverResults(List<EncodedOp> ops) {
        boolean ok = error() == null;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof EncodedOp.Verify v) {
                long st = staging == null ? 0 : staging[i];
                if (st != 0 && ok) {
                    long contents = ObjC.msgSend(st, s.contents);
                    long skip = v.offset() & 3L; // the staging copy starts at the word holding the range's start
                    long[] r = HostCompare.compare(new Pointer(contents).share(skip), v.length(), v.expected());
                    v.result().report(r[0], r[1] < 0 ? -1 : v.offset() + r[1], (int) r[2]);
                } else if (ok && v.length() == 0) {
                    v.result().report(0, -1, -1);
                }
            }
        }
        releaseStaging();
    }

    private void releaseStaging() {
        if (staging == null) {
            return;
        }
        for (int i = 0; i < staging.length; i++) {
            if (staging[i] != 0) {
                ObjC.msgSendVoid(staging[i], s.release);
                staging[i] = 0;
            }
        }
    }

    @Override
    protected void nativeWait() {
        long pool = MetalRuntime.push();
        try {
            ObjC.msgSendVoid(cb, s.waitUntilCompleted);
        } finally {
            MetalRuntime.pop(pool);
        }
    }

    @Override
    protected void finishNative() {
        if (cb == 0) {
            return;
        }
        long pool = MetalRuntime.push();
        try {
            ObjC.msgSendVoid(cb, s.release);
        } finally {
            MetalRuntime.pop(pool);
        }
    }
}
