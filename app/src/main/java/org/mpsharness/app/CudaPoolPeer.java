package org.mpsharness.app;

import java.util.List;
import org.mpsharness.backend.Backends;
import org.mpsharness.backend.common.BackendUnavailableException;
import org.mpsharness.backend.cuda.CudaDriver;
import org.mpsharness.backend.cuda.StreamOrderedPool;
import org.mpsharness.bench.AllocBench;
import org.mpsharness.bench.AllocContender;
import org.mpsharness.bench.PeersLoop;

/**
 * CUDA's stream-ordered pool as a {@code bench alloc} row: the native module makes the driver calls
 * ({@link StreamOrderedPool}), the bench module's {@link PeersLoop} times them exactly as it times our designs. The
 * app is the one module that sees both, so the seam lives here.
 */
final class CudaPoolPeer {
    static final String NAME = "cuMemAllocAsync";

    private CudaPoolPeer() {
    }

    static AllocContender contender() {
        return AllocContender.of(NAME, (threads, seconds, rounds) -> {
            String lib = System.getProperty(Backends.CUDA_LIB_PROPERTY, CudaDriver.DEFAULT_LIBRARY);
            StreamOrderedPool pool;
            try {
                pool = StreamOrderedPool.open(0, lib);
            } catch (BackendUnavailableException e) {
                throw new UsageException(e.getMessage());
            }
            try (pool) {
                return AllocBench.point(NAME, threads, PeersLoop.run(t -> slots(pool.worker(PeersLoop.LIVE)),
                        threads, seconds, rounds), List.of());
            }
        });
    }

    private static PeersLoop.Slots slots(StreamOrderedPool.Worker w) {
        return new PeersLoop.Slots() {
            @Override
            public void replace(int slot, long bytes) {
                w.replace(slot, bytes);
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }
}
