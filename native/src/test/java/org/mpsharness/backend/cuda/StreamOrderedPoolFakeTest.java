package org.mpsharness.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpsharness.backend.testsupport.FakeCuda;
import org.mpsharness.backend.testsupport.FakeLibs;
import org.mpsharness.core.device.DeviceException;

/**
 * The stream-ordered pool peer against the fake libcuda: the calls the benchmark makes on the GPU host — release
 * threshold set to UINT64_MAX on the device's default pool, every worker thread with the context current and its own
 * non-blocking stream, every block freed and every stream destroyed at close, the pool trimmed and the context
 * released. A binding by a wrong name or a missing {@code cuCtxSetCurrent} on a worker thread fails here.
 */
class StreamOrderedPoolFakeTest {
    private static Path lib;
    private static FakeCuda fake;

    @BeforeAll
    static void bindFake() {
        boolean realDriver;
        try {
            NativeLibrary.getInstance(CudaDriver.DEFAULT_LIBRARY);
            realDriver = true;
        } catch (UnsatisfiedLinkError e) {
            realDriver = false;
        }
        assumeTrue(!realDriver, "skipped: a real libcuda is present (bench alloc --backend cuda runs the pool there)");
        lib = FakeLibs.build("fake_cuda");
        fake = FakeCuda.load(lib);
        CudaDriver.bind(lib.toString());
    }

    @AfterEach
    void nothingLeakedNoMisuse() {
        assertThat(fake.fake_cuda_count("errors")).as("fake driver: %s", fake.fake_cuda_last_error()).isZero();
        assertThat(fake.fake_cuda_count("context_errors")).isZero();
        assertThat(fake.fake_cuda_count("blocking_streams")).isZero();
        assertThat(fake.fake_cuda_count("ctx_refs")).isZero();
        assertThat(fake.fake_cuda_count("streams")).isZero();
        assertThat(fake.fake_cuda_count("pool_allocs")).isZero();
        assertThat(fake.fake_cuda_count("allocs")).isZero();
        fake.fake_cuda_reset_errors();
    }

    @Test
    void workersOnTheirOwnThreadsAllocateAndFreeThroughThePool() throws Exception {
        long trims = fake.fake_cuda_count("pool_trims");
        try (StreamOrderedPool pool = StreamOrderedPool.open(0, lib.toString())) {
            assertThat(pool.releaseThreshold()).as("UINT64_MAX").isEqualTo(-1L);
            assertThat(fake.fake_cuda_count("pool_threshold")).isEqualTo(-1L);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] peak = new long[1];
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    try (StreamOrderedPool.Worker w = pool.worker(8)) {
                        for (int i = 0; i < 2_000; i++) {
                            w.replace(i & 7, 512L << (i % 12));
                        }
                        synchronized (peak) {
                            peak[0] = Math.max(peak[0], fake.fake_cuda_count("pool_allocs"));
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(peak[0]).as("8 live blocks per thread at most").isBetween(8L, 32L);
        }
        assertThat(fake.fake_cuda_count("pool_trims")).isEqualTo(trims + 1);
    }

    @Test
    void aFailedAllocationNamesTheCall() {
        try (StreamOrderedPool pool = StreamOrderedPool.open(0, lib.toString());
             StreamOrderedPool.Worker w = pool.worker(8)) {
            w.replace(0, 4096);
            fake.fake_cuda_fail_next("cuMemAllocAsync", 2, 1);
            assertThatThrownBy(() -> w.replace(1, 4096)).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("cuMemAllocAsync").hasMessageContaining("CUDA_ERROR_OUT_OF_MEMORY");
            w.replace(1, 4096);
        }
    }
}
