package org.mpsharness.core.design;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mpsharness.core.alloc.BaselineAllocator;
import org.mpsharness.core.alloc.FixedBaselineAllocator;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.once.GlobalLockOncePerSlot;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.MutexFreelist;
import org.mpsharness.core.pool.ScanIndexLookup;
import org.mpsharness.core.pool.StoredIndexLookup;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.ForcedCommitGate;

/**
 * The built-in choices of each {@link Part}, by the short name a design spec uses ({@code freelist=home-slot}). Any
 * other choice is a fully qualified class name.
 */
public final class Choices {
    private static final Map<Part, Map<String, Class<?>>> BUILTIN = new EnumMap<>(Part.class);

    static {
        put(Part.FREELIST, "mutex", MutexFreelist.class);
        put(Part.FREELIST, "bitmask", BitmaskFreelist.class);
        put(Part.FREELIST, "home-slot", HomeSlotFreelist.class);
        put(Part.ONCE, "global-lock", GlobalLockOncePerSlot.class);
        put(Part.ONCE, "per-slot", PerSlotOnce.class);
        put(Part.LOOKUP, "scan", ScanIndexLookup.class);
        put(Part.LOOKUP, "stored", StoredIndexLookup.class);
        put(Part.GATE, "off", DisabledCommitGate.class);
        put(Part.GATE, "on", ForcedCommitGate.class);
        put(Part.GATE, "adaptive", AdaptiveCommitGate.class);
        put(Part.ALLOCATOR, "baseline", BaselineAllocator.class);
        put(Part.ALLOCATOR, "fixed-baseline", FixedBaselineAllocator.class);
        put(Part.ALLOCATOR, "sharded", ShardedAllocator.class);
        BUILTIN.put(Part.POOL, new LinkedHashMap<>());
    }

    private Choices() {
    }

    private static void put(Part p, String name, Class<?> impl) {
        BUILTIN.computeIfAbsent(p, k -> new LinkedHashMap<>()).put(name, impl);
    }

    /** The built-in choices of {@code p}, by name, in a stable order. */
    public static Map<String, Class<?>> builtin(Part p) {
        return Map.copyOf(BUILTIN.get(p));
    }

    /** The built-in class named {@code name} for {@code p}, or null. */
    static Class<?> builtin(Part p, String name) {
        return BUILTIN.get(p).get(name);
    }

    /** The short name of a built-in class, or the class's fully qualified name. */
    public static String nameOf(Part p, Class<?> impl) {
        for (Map.Entry<String, Class<?>> e : BUILTIN.get(p).entrySet()) {
            if (e.getValue() == impl) {
                return e.getKey();
            }
        }
        return impl.getName();
    }

    /** The names of the built-in choices of {@code p}, for messages. */
    static String listOf(Part p) {
        return String.join(", ", BUILTIN.get(p).keySet());
    }
}
