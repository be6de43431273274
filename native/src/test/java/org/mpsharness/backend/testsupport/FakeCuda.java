package org.mpsharness.backend.testsupport;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;

/** The test hooks of the fake libcuda (src/test/c/fake_cuda.c), bound through interface mapping. */
public interface FakeCuda extends Library {

    long fake_cuda_count(String what);

    String fake_cuda_last_error();

    void fake_cuda_reset_errors();

    void fake_cuda_set_total_memory(long bytes);

    void fake_cuda_fail_next(String call, int rc, int count);

    static FakeCuda load(Path lib) {
        return Native.load(lib.toString(), FakeCuda.class);
    }
}
