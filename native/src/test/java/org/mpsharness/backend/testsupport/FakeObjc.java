package org.mpsharness.backend.testsupport;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;

/** The test hooks of the stand-in Objective-C runtime (src/test/c/fake_objc.c), bound through interface mapping. */
public interface FakeObjc extends Library {

    /**
     * live, pools, errors, messages, unpooled_messages, max_uncompleted, device_allocated, or a kind: device, queue,
     * commandBuffer, blitEncoder, heapDescriptor, heap, buffer, sharedEvent, error, string.
     */
    long fake_objc_count(String what);

    String fake_objc_last_error();

    void fake_objc_reset();

    void fake_mtl_set_memory_limit(long bytes);

    void fake_mtl_fail_next(String selector, int count);

    void fake_mtl_fail_next_command_buffers(int count);

    static FakeObjc load(Path lib) {
        return Native.load(lib.toString(), FakeObjc.class);
    }
}
