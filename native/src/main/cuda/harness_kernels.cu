// GPU work of the CUDA backend of the harness (org.mpsharness.backend.cuda.CudaKernels).
//
// Regenerate the shipped PTX (run from native/, commit the result):
//   nvcc -ptx -arch=compute_75 -o src/main/resources/org/mpsharness/backend/cuda/harness_kernels.ptx \
//        src/main/cuda/harness_kernels.cu
// compute_75 is the lowest virtual architecture CUDA 13 accepts; the driver JIT-compiles the PTX for the GPU it
// runs on (Turing and newer, H100 included). The PTX ISA version nvcc 13 writes needs a driver of CUDA 13.0 or
// newer (R580+); an older driver fails cuModuleLoadData with CUDA_ERROR_UNSUPPORTED_PTX_VERSION.
//
// Kernels take only plain arguments, so the Java side passes them as an array of pointers to 8-byte slots
// (cuLaunchKernel's kernelParams); the names are extern "C" so cuModuleGetFunction finds them unmangled.

#include <stdint.h>

// Reports into result[0] the number of bytes of [base, base+len) that differ from `expected`, and into result[1]
// the complement of (offset << 8 | value) of the first differing byte, kept with atomicMax so that the smallest
// offset wins (the slot starts at zero, which no real complement can equal: offsets are below 2^56).
// The caller zeroes the 16-byte slot before the launch.
extern "C" __global__ void harness_verify(const unsigned char* base, unsigned long long len, unsigned int expected,
                                          unsigned long long* result) {
    const unsigned char want = (unsigned char) expected;
    const unsigned int want4 = 0x01010101u * want;
    const unsigned long long tid = (unsigned long long) blockIdx.x * blockDim.x + threadIdx.x;
    const unsigned long long stride = (unsigned long long) gridDim.x * blockDim.x;
    unsigned long long bad = 0;
    unsigned long long first = 0; // complement of the smallest bad key seen by this thread

    // head bytes up to 16-byte alignment, body in 16-byte words, tail bytes
    unsigned long long head = (16 - ((uintptr_t) base & 15)) & 15;
    if (head > len) {
        head = len;
    }
    const unsigned long long words = (len - head) / 16;
    const unsigned long long tailStart = head + words * 16;

    for (unsigned long long i = tid; i < head; i += stride) {
        unsigned char v = base[i];
        if (v != want) {
            bad++;
            unsigned long long key = ~((i << 8) | v);
            first = key > first ? key : first;
        }
    }
    const uint4* body = (const uint4*) (base + head);
    for (unsigned long long w = tid; w < words; w += stride) {
        uint4 q = body[w];
        if (q.x != want4 || q.y != want4 || q.z != want4 || q.w != want4) {
            const unsigned long long at = head + w * 16;
            for (int k = 0; k < 16; k++) {
                unsigned char v = base[at + k];
                if (v != want) {
                    bad++;
                    unsigned long long key = ~(((at + k) << 8) | v);
                    first = key > first ? key : first;
                }
            }
        }
    }
    for (unsigned long long i = tailStart + tid; i < len; i += stride) {
        unsigned char v = base[i];
        if (v != want) {
            bad++;
            unsigned long long key = ~((i << 8) | v);
            first = key > first ? key : first;
        }
    }
    if (bad != 0) {
        atomicAdd(&result[0], bad);
        atomicMax(&result[1], first);
    }
}

// Busy work of about `nanos` nanoseconds, timed with the GPU's global nanosecond timer: the stand-in for one
// inference kernel (CommandBuffer.compute). Launched as one thread; it occupies its stream, not the GPU.
extern "C" __global__ void harness_spin(unsigned long long nanos) {
    unsigned long long start;
    unsigned long long now;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(start));
    do {
        asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
    } while (now - start < nanos);
}
