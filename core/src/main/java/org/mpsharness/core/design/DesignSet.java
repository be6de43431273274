package org.mpsharness.core.design;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.CommitGate;

/**
 * A whole design: how to build the commit gate, the stream pool and the allocator. The built-in sets are
 * {@link Designs#baseline()} and {@link Designs#improved()}; a user validating a change supplies their own (or a set
 * that swaps one component), and every check runs on it unchanged.
 */
public interface DesignSet {

    String name();

    /** Default commit-and-continue mode of this design: "off", "on" or "auto". */
    String defaultCommitMode();

    /** The gate for a mode ("on", "off", "auto"). */
    CommitGate newGate(String mode);

    StreamPool newPool(Device device, CommitGate gate, PoolConfig config);

    CachingAllocator newAllocator(StreamPool pool, AllocatorConfig config);
}
