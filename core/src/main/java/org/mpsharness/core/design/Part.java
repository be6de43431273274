package org.mpsharness.core.design;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.pool.IndexLookup;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.CommitGate;

/**
 * The independent choices a design is made of, one per improvement of the design note, each an interface with a
 * constructor convention. {@link #POOL} is not a sixth improvement: it is a whole stream pool that replaces the
 * composition of {@link #FREELIST}, {@link #ONCE} and {@link #LOOKUP} (a user's pool written from scratch).
 *
 * <p>Why a constructor convention: a user hands over a class name (or a jar); the harness builds as many fresh
 * instances as its checks need, on their own devices, so a class must say how it is built, and a class that cannot be
 * built is bad input (one clear line), not a failed check.
 */
public enum Part {
    /** Improvement 5: the worker-slot freelist. Constructor {@code ()}. */
    FREELIST("freelist", 5, SlotFreelist.class),
    /** Improvement 4: lazy, exactly-once stream creation per slot. Constructor {@code (int, IntFunction)}. */
    ONCE("once", 4, OncePerSlot.class, int.class, IntFunction.class),
    /** Improvement 3: setCurrentStream's slot lookup. Constructor {@code ()}. */
    LOOKUP("lookup", 3, IndexLookup.class),
    /** Improvement 2: the commit-and-continue gate. Constructor {@code ()}. */
    GATE("gate", 2, CommitGate.class),
    /** A whole stream pool (improvements 3–5 in one class). Constructor {@code (Device, CommitGate, PoolConfig)}. */
    POOL("pool", 0, StreamPool.class, Device.class, CommitGate.class, PoolConfig.class),
    /** Improvement 1: the caching allocator. Constructor {@code (StreamPool, AllocatorConfig)}. */
    ALLOCATOR("allocator", 1, CachingAllocator.class, StreamPool.class, AllocatorConfig.class);

    private final String key;
    private final int improvement;
    private final Class<?> api;
    private final Class<?>[] parameters;

    Part(String key, int improvement, Class<?> api, Class<?>... parameters) {
        this.key = key;
        this.improvement = improvement;
        this.api = api;
        this.parameters = parameters;
    }

    /** The name used in design specs ({@code freelist=...}). */
    public String key() {
        return key;
    }

    /** The design note's improvement number (1..5), or 0 for {@link #POOL}. */
    public int improvement() {
        return improvement;
    }

    /** The interface a choice implements. */
    public Class<?> api() {
        return api;
    }

    /** The constructor convention, as users read it: {@code (int, IntFunction)}. */
    public String constructorConvention() {
        return "(" + Arrays.stream(parameters).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }

    /** The part whose key is {@code key}. */
    public static Part byKey(String key) {
        for (Part p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown design part '" + key + "' (parts: "
                + Arrays.stream(values()).map(Part::key).collect(Collectors.joining(", ")) + ")");
    }

    /** The part {@code impl} implements (the first in declaration order), or null. */
    public static Part of(Class<?> impl) {
        for (Part p : values()) {
            if (p.api.isAssignableFrom(impl)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The public constructor of the convention, after checking that {@code impl} can be built at all.
     *
     * @throws IllegalArgumentException with one line saying what is wrong with the class
     */
    public Constructor<?> constructor(Class<?> impl) {
        if (!api.isAssignableFrom(impl)) {
            throw new IllegalArgumentException(impl.getName() + " does not implement " + api.getSimpleName());
        }
        if (impl.isInterface() || Modifier.isAbstract(impl.getModifiers())) {
            throw new IllegalArgumentException(impl.getName() + " is " + (impl.isInterface() ? "an interface" : "abstract")
                    + ": give a concrete class with a public constructor " + constructorConvention());
        }
        if (!Modifier.isPublic(impl.getModifiers())) {
            throw new IllegalArgumentException(impl.getName() + " is not public: the harness builds it through a public "
                    + "constructor " + constructorConvention());
        }
        try {
            return impl.getConstructor(parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(impl.getName() + " needs a public constructor " + constructorConvention()
                    + " to be used as the " + key + " (" + api.getSimpleName() + ")");
        }
    }

    /**
     * A fresh instance of {@code impl} built with {@code args} (the convention's arguments). An exception thrown by the
     * constructor propagates unchanged: the design failed, not the harness.
     */
    public Object instantiate(Class<?> impl, Object... args) {
        Constructor<?> k = constructor(impl);
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
            throw new IllegalStateException(impl.getName() + " constructor threw " + t, t);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build " + impl.getName() + ": " + e);
        }
    }
}
