package org.mpsharness.core.device;

/** A buffer carved from a heap ({@code MTLBuffer}). */
public interface DeviceBuffer {

    /** Unique for the device's lifetime; orders buffers as MPS orders them by pointer. */
    long address();

    long length();

    DeviceHeap heap();

    /** 1 while only the client holds it; more while committed, uncompleted command buffers use it. */
    int retainCount();

    /** The client's release ({@code [buffer release]}). Its space is reused once the GPU no longer retains it.
     * Encoding work on a released buffer is a use-after-free that backends report. */
    void release();

    boolean isReleased();
}
