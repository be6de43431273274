package org.mpsharness.backend.metal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The Objective-C runtime functions the Metal backend calls, bound by JNA direct mapping.
 *
 * <p>{@code objc_msgSend} is declared once per method <em>shape</em>, never as varargs: on Apple arm64 variadic
 * arguments are passed on the stack while the called method reads registers, so a varargs call would hand Metal
 * garbage. Each {@code msgSend*} method below is a fixed-arity C prototype (libffi then passes arguments exactly as a
 * compiled call would); the library's function mapper binds every {@code msgSend*} name to the one symbol
 * {@code objc_msgSend}. Java overloads cannot differ by return type alone, hence the suffixes. There is no
 * {@code objc_msgSend_stret}: arm64 returns 16-byte structs in registers (x86-64 in rax:rdx), which libffi handles
 * for {@link MTLSizeAndAlign.ByValue}. {@code BOOL} is one byte ({@code byte}). Ids, selectors, classes and
 * {@code NSUInteger}s are {@code long} (64-bit).
 */
final class ObjC {
    private ObjC() {
    }

    static void bind(NativeLibrary lib) {
        Native.register(ObjC.class, lib);
    }

    static native long objc_getClass(String name);

    static native long sel_registerName(String name);

    static native long objc_autoreleasePoolPush();

    static native void objc_autoreleasePoolPop(long pool);

    /** {@code id|NSUInteger|void* (id self, SEL op)}. */
    static native long msgSend(long self, long op);

    /** {@code void (id self, SEL op)}. */
    static native void msgSendVoid(long self, long op);

    /** {@code BOOL (id self, SEL op)}. */
    static native byte msgSendBool(long self, long op);

    /** {@code id|NSUInteger (id self, SEL op, NSUInteger|id a)}. */
    static native long msgSend(long self, long op, long a);

    /** {@code void (id self, SEL op, NSUInteger|id a)}. */
    static native void msgSendVoid(long self, long op, long a);

    /** {@code id (id self, SEL op, NSUInteger|id a, NSUInteger|uint64_t b)}. */
    static native long msgSend(long self, long op, long a, long b);

    /** {@code void (id self, SEL op, id a, uint64_t b)}. */
    static native void msgSendVoid(long self, long op, long a, long b);

    /** {@code MTLSizeAndAlign (id self, SEL op, NSUInteger length, MTLResourceOptions options)}. */
    static native MTLSizeAndAlign.ByValue msgSendSizeAndAlign(long self, long op, long length, long options);

    /**
     * {@code void (id self, SEL op, id<MTLBuffer> buffer, NSRange range, uint8_t value)}. The value travels as an
     * {@code int} in 0..255: a Java {@code byte} would be sign-extended into the register (tags above 0x7F become
     * 0xFFFFFF8x), while Apple arm64 and clang on x86-64 expect a {@code uint8_t} argument zero-extended by the caller.
     */
    static native void msgSendFill(long self, long op, long buffer, NSRange.ByValue range, int value);

    /** {@code void (id self, SEL op, id src, NSUInteger srcOffset, id dst, NSUInteger dstOffset, NSUInteger size)}. */
    static native void msgSendCopy(long self, long op, long src, long srcOffset, long dst, long dstOffset, long size);
}
