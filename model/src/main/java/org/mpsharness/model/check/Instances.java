package org.mpsharness.model.check;

import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.design.Part;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.CommitGate;

/** Builds instances of a user's class by the constructor convention of its {@link Part}. */
public final class Instances {
    private Instances() {
    }

    public static Supplier<SlotFreelist> freelist(Class<?> c) {
        Part.FREELIST.constructor(c);
        return () -> (SlotFreelist) Part.FREELIST.instantiate(c);
    }

    public static Supplier<CommitGate> gate(Class<?> c) {
        Part.GATE.constructor(c);
        return () -> (CommitGate) Part.GATE.instantiate(c);
    }

    @SuppressWarnings("unchecked")
    public static <T> OncePerSlot<T> once(Class<?> c, int size, IntFunction<T> factory) {
        return (OncePerSlot<T>) Part.ONCE.instantiate(c, size, factory);
    }

    public static StreamPool pool(Class<?> c, Device d, CommitGate g, PoolConfig cfg) {
        return (StreamPool) Part.POOL.instantiate(c, d, g, cfg);
    }

    public static CachingAllocator allocator(Class<?> c, StreamPool p, AllocatorConfig cfg) {
        return (CachingAllocator) Part.ALLOCATOR.instantiate(c, p, cfg);
    }
}
