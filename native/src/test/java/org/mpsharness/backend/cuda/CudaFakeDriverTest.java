package org.mpsharness.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpsharness.backend.testsupport.FakeCuda;
import org.mpsharness.backend.testsupport.FakeLibs;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceException;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.device.StreamCreationException;

/**
 * The CUDA contract against the fake libcuda (src/test/c/fake_cuda.c): the backend's Java logic, its driver calls
 * and their arguments, exercised on any machine with gcc. The fake also checks what a GPU would not report
 * clearly: calls on threads without a current context, memory operations outside live allocations, asynchronous
 * copies into pageable memory, blocking streams, and leaked driver objects. Skipped on a host with a real driver
 * (the driver binding is once per JVM; {@link CudaGpuTest} covers it there).
 */
class CudaFakeDriverTest extends CudaContract {
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
        assumeTrue(!realDriver, "skipped: a real libcuda is present, CudaGpuTest runs the contract on it");
        lib = FakeLibs.build("fake_cuda");
        fake = FakeCuda.load(lib);
        CudaDriver.bind(lib.toString());
    }

    @Override
    protected CudaDevice openDevice() {
        fake.fake_cuda_set_total_memory(8L << 30);
        return CudaDevice.open(0, lib.toString());
    }

    @Override
    protected long freeMemorySlack() {
        return 0;
    }

    @AfterEach
    void driverSawNoMisuseAndNothingLeaked() {
        if (dev != null) {
            dev.close();
        }
        assertThat(fake.fake_cuda_count("errors")).as("fake driver: %s", fake.fake_cuda_last_error()).isZero();
        assertThat(fake.fake_cuda_count("context_errors")).isZero();
        assertThat(fake.fake_cuda_count("blocking_streams")).isZero();
        assertThat(fake.fake_cuda_count("ctx_refs")).isZero();
        assertThat(fake.fake_cuda_count("streams")).isZero();
        assertThat(fake.fake_cuda_count("events")).isZero();
        assertThat(fake.fake_cuda_count("allocs")).isZero();
        assertThat(fake.fake_cuda_count("host_allocs")).isZero();
        assertThat(fake.fake_cuda_count("modules")).isZero();
        fake.fake_cuda_reset_errors();
    }

    @Test
    void kernelsRunThroughTheDriver() {
        long before = fake.fake_cuda_count("launches");
        CommandQueue q = dev.newCommandQueue("launch");
        DeviceHeap heap = dev.newHeap(1 << 20, StorageMode.PRIVATE);
        DeviceBuffer b = heap.newBuffer(4096);
        CommandBuffer cb = q.commandBuffer();
        cb.compute(1_000);
        cb.fill(b, 0, 4096, (byte) 1);
        cb.verify(b, 0, 4096, (byte) 1, new PatternCheck());
        run(cb);
        assertThat(fake.fake_cuda_count("launches") - before).as("one spin and one verify launch").isEqualTo(2);
        b.release();
        heap.release();
        q.release();
    }

    @Test
    void failedStreamCreationThrowsNamingTheCallAndLeaksNothing() {
        fake.fake_cuda_fail_next("cuStreamCreate", 2, 1);
        assertThatThrownBy(() -> dev.newCommandQueue("doomed")).isInstanceOf(StreamCreationException.class)
                .hasMessageContaining("cuStreamCreate").hasMessageContaining("CUDA_ERROR_OUT_OF_MEMORY")
                .hasMessageContaining("doomed");
        assertThat(dev.liveResources().isZero()).isTrue();
        assertThat(fake.fake_cuda_count("streams")).isZero();
        CommandQueue q = dev.newCommandQueue("retry");
        assertThat(fake.fake_cuda_count("streams")).isEqualTo(1);
        q.release();
    }

    @Test
    void failedDeviceOpenReleasesWhatItTook() {
        long allocs = fake.fake_cuda_count("allocs");
        long refs = fake.fake_cuda_count("ctx_refs");
        fake.fake_cuda_fail_next("cuMemAllocHost_v2", 2, 1); // after the module and the device half of the slots
        assertThatThrownBy(() -> CudaDevice.open(0, lib.toString())).isInstanceOf(DeviceException.class)
                .hasMessageContaining("cuMemAllocHost_v2").hasMessageContaining("CUDA_ERROR_OUT_OF_MEMORY");
        assertThat(fake.fake_cuda_count("allocs")).isEqualTo(allocs);
        assertThat(fake.fake_cuda_count("ctx_refs")).isEqualTo(refs);
        assertThat(fake.fake_cuda_count("modules")).isEqualTo(1); // only the open device's
        fake.fake_cuda_fail_next("cuModuleLoadData", 200, 1);
        assertThatThrownBy(() -> CudaDevice.open(0, lib.toString())).isInstanceOf(DeviceException.class)
                .hasMessageContaining("cuModuleLoadData").hasMessageContaining("CUDA_ERROR_INVALID_IMAGE");
        assertThat(fake.fake_cuda_count("ctx_refs")).isEqualTo(refs);
    }

    @Test
    void aFailingDriverCallFailsTheCommandBufferWithItsName() {
        CommandQueue q = dev.newCommandQueue("failing");
        DeviceHeap heap = dev.newHeap(1 << 20, StorageMode.PRIVATE);
        DeviceBuffer b = heap.newBuffer(4096);
        fake.fake_cuda_fail_next("cuMemsetD8Async", 1, 1);
        CommandBuffer cb = q.commandBuffer();
        PatternCheck pc = new PatternCheck();
        cb.fill(b, 0, 4096, (byte) 1);
        cb.verify(b, 0, 4096, (byte) 1, pc);
        cb.commit();
        cb.waitUntilCompleted();
        assertThat(cb.status()).isEqualTo(CommandBuffer.Status.ERROR);
        assertThat(cb.error()).contains("cuMemsetD8Async").contains("CUDA_ERROR_INVALID_VALUE");
        assertThat(pc.done()).isTrue();
        assertThat(pc.mismatches()).as("the check of failed work fails").isPositive();
        assertThat(b.retainCount()).isEqualTo(1);
        assertThat(dev.violations()).anyMatch(v -> v.contains("cuMemsetD8Async"));
        b.release();
        heap.release();
        q.release();
        assertThat(dev.liveResources().isZero()).isTrue();
        dev.close();
        dev = null; // the reported violation was the point
    }

    @Test
    void outOfMemoryAtTheDeviceLimit() {
        fake.fake_cuda_set_total_memory(256L << 20);
        DeviceHeap a = dev.newHeap(128L << 20, StorageMode.PRIVATE);
        assertThat(a).isNotNull();
        assertThat(dev.newHeap(128L << 20, StorageMode.PRIVATE)).as("the verify slots took some").isNull();
        assertThat(dev.liveResources().heaps()).isEqualTo(1);
        a.release();
        assertThat(dev.newHeap(128L << 20, StorageMode.PRIVATE)).isNotNull().satisfies(DeviceHeap::release);
    }
}
