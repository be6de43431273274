package org.mpsharness.core.design;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.CommitGates;

/**
 * A design assembled on a device: commit gate, stream pool and allocator, as the runtime would hold them. Closing it
 * empties the allocator and shuts the pool down; the device stays open (its leak counters are the evidence).
 */
public final class MpsRuntime implements AutoCloseable {
    private final DesignSet design;
    private final Device device;
    private final CommitGate gate;
    private final StreamPool pool;
    private final CachingAllocator allocator;

    private MpsRuntime(DesignSet design, Device device, CommitGate gate, StreamPool pool, CachingAllocator allocator) {
        this.design = design;
        this.device = device;
        this.gate = gate;
        this.pool = pool;
        this.allocator = allocator;
    }

    /**
     * Builds a runtime; the environment may override the commit-and-continue mode and the watermarks.
     *
     * @throws IllegalArgumentException for a malformed environment value (one clear line)
     */
    public static MpsRuntime create(DesignSet design, Device device, PoolConfig poolConfig,
                                    AllocatorConfig allocatorConfig, Map<String, String> env) {
        return create(design, device, poolConfig, allocatorConfig, env, UnaryOperator.identity());
    }

    /**
     * As {@link #create(DesignSet, Device, PoolConfig, AllocatorConfig, Map)}, with the design's gate passed through
     * {@code gateDecorator} before the pool is built on it (a recorder of the gate's calls, for the histories).
     */
    public static MpsRuntime create(DesignSet design, Device device, PoolConfig poolConfig,
                                    AllocatorConfig allocatorConfig, Map<String, String> env,
                                    UnaryOperator<CommitGate> gateDecorator) {
        String mode = env.getOrDefault(CommitGates.ENV, design.defaultCommitMode());
        CommitGate gate = gateDecorator.apply(design.newGate(CommitGates.forMode(mode).mode()));
        StreamPool pool = design.newPool(device, gate, poolConfig);
        CachingAllocator alloc;
        try {
            alloc = design.newAllocator(pool, allocatorConfig);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new MpsRuntime(design, device, gate, pool, alloc);
    }

    public static MpsRuntime create(DesignSet design, Device device) {
        return create(design, device, PoolConfig.defaults(), AllocatorConfig.defaults(), Map.of());
    }

    public DesignSet design() {
        return design;
    }

    public Device device() {
        return device;
    }

    public CommitGate gate() {
        return gate;
    }

    public StreamPool pool() {
        return pool;
    }

    public CachingAllocator allocator() {
        return allocator;
    }

    @Override
    public void close() {
        try {
            allocator.close();
        } finally {
            pool.close();
        }
    }
}
