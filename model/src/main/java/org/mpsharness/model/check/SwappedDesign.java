package org.mpsharness.model.check;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.CommitGates;

/**
 * The improved design with one component replaced by a user's (or a seeded-bug) implementation: a stream pool, an
 * allocator or a commit gate. This is how a design change is run through the workload before it is ported.
 */
public final class SwappedDesign implements DesignSet {
    private final Class<?> impl;
    private final Component component;

    private SwappedDesign(Class<?> impl, Component component) {
        this.impl = impl;
        this.component = component;
    }

    /** @throws IllegalArgumentException when {@code impl} is not a pool, allocator or gate */
    public static SwappedDesign of(Class<?> impl) {
        Component c = Component.of(impl);
        if (c != Component.STREAM_POOL && c != Component.ALLOCATOR && c != Component.COMMIT_GATE) {
            throw new IllegalArgumentException(impl.getName() + " is not a StreamPool, CachingAllocator or CommitGate");
        }
        return new SwappedDesign(impl, c);
    }

    @Override
    public String name() {
        return impl.getSimpleName();
    }

    @Override
    public String defaultCommitMode() {
        return "auto";
    }

    @Override
    public CommitGate newGate(String mode) {
        return component == Component.COMMIT_GATE ? Instances.gate(impl).get() : CommitGates.forMode(mode);
    }

    @Override
    public StreamPool newPool(Device device, CommitGate gate, PoolConfig config) {
        return component == Component.STREAM_POOL ? Instances.pool(impl, device, gate, config)
                : new ImprovedStreamPool(device, gate, config);
    }

    @Override
    public CachingAllocator newAllocator(StreamPool pool, AllocatorConfig config) {
        return component == Component.ALLOCATOR ? Instances.allocator(impl, pool, config)
                : new ShardedAllocator(pool, config);
    }
}
