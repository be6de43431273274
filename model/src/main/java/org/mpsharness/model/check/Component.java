package org.mpsharness.model.check;

import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.CommitGate;

/**
 * The checkable components, by the public interface a design implements. A user's class is matched to the first
 * interface it implements; its constructor must follow the convention named here.
 */
public enum Component {
    /** Improvement 5. Constructor: {@code ()}. */
    FREELIST(SlotFreelist.class, "()"),
    /** Improvement 4. Constructor: {@code (int size, IntFunction<T> factory)}. */
    ONCE_PER_SLOT(OncePerSlot.class, "(int, java.util.function.IntFunction)"),
    /** Improvement 2. Constructor: {@code ()}. */
    COMMIT_GATE(CommitGate.class, "()"),
    /** Improvements 3–5 together. Constructor: {@code (Device, CommitGate, PoolConfig)}. */
    STREAM_POOL(StreamPool.class, "(Device, CommitGate, PoolConfig)"),
    /** Improvement 1. Constructor: {@code (StreamPool, AllocatorConfig)}. */
    ALLOCATOR(CachingAllocator.class, "(StreamPool, AllocatorConfig)");

    private final Class<?> api;
    private final String constructor;

    Component(Class<?> api, String constructor) {
        this.api = api;
        this.constructor = constructor;
    }

    public Class<?> api() {
        return api;
    }

    public String constructor() {
        return constructor;
    }

    /** The component {@code impl} implements, or null. */
    public static Component of(Class<?> impl) {
        for (Component c : values()) {
            if (c.api.isAssignableFrom(impl)) {
                return c;
            }
        }
        return null;
    }
}
