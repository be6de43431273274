package org.mpsharness.model.check;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.CommitGate;

/** Builds instances of a user's class by the constructor convention of its {@link Component}. */
public final class Instances {
    private Instances() {
    }

    public static Supplier<SlotFreelist> freelist(Class<?> c) {
        Constructor<?> k = ctor(c);
        return () -> (SlotFreelist) make(k);
    }

    public static Supplier<CommitGate> gate(Class<?> c) {
        Constructor<?> k = ctor(c);
        return () -> (CommitGate) make(k);
    }

    @SuppressWarnings("unchecked")
    public static <T> OncePerSlot<T> once(Class<?> c, int size, IntFunction<T> factory) {
        return (OncePerSlot<T>) make(ctor(c, int.class, IntFunction.class), size, factory);
    }

    public static StreamPool pool(Class<?> c, Device d, CommitGate g, PoolConfig cfg) {
        return (StreamPool) make(ctor(c, Device.class, CommitGate.class, PoolConfig.class), d, g, cfg);
    }

    public static CachingAllocator allocator(Class<?> c, StreamPool p, AllocatorConfig cfg) {
        return (CachingAllocator) make(ctor(c, StreamPool.class, AllocatorConfig.class), p, cfg);
    }

    /** Fails with a clear message when the convention's constructor is missing. */
    static Constructor<?> ctor(Class<?> c, Class<?>... params) {
        try {
            Constructor<?> k = c.getConstructor(params);
            return k;
        } catch (NoSuchMethodException e) {
            Component comp = Component.of(c);
            throw new IllegalArgumentException(c.getName() + " needs a public constructor "
                    + (comp == null ? "" : comp.constructor()) + " to be checked as " + comp);
        }
    }

    private static Object make(Constructor<?> k, Object... args) {
        try {
            return k.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException(t);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot instantiate " + k.getDeclaringClass().getName() + ": " + e);
        }
    }
}
