package org.mpsharness.core.design;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.pool.ComposedStreamPool;
import org.mpsharness.core.pool.IndexLookup;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.ForcedCommitGate;

/**
 * A design as a value: five independent choices, one per improvement of the design note — freelist (5), once-per-slot
 * (4), index lookup (3), commit gate (2), allocator (1) — plus, optionally, a whole stream pool that replaces the first
 * three. The stream pool of a design is composed from its choices ({@link ComposedStreamPool}).
 *
 * <p>Why a value: users validate one change at a time. A design with one part swapped ({@link #with}) runs every
 * check and every backend unchanged, and an ablation — the baseline with exactly one improvement — is one more value
 * ({@code baseline+2}). The named designs are instances: {@link #baseline()}, {@link #improved()} and the others in
 * {@link #names()}.
 *
 * <p>Spec syntax ({@link #parse}): a name ({@code improved}), a name with parts replaced
 * ({@code baseline,gate=adaptive} or {@code improved,freelist=com.example.MyFreelist}), an ablation
 * ({@code baseline+1}, {@code baseline+3+4}), parts alone on top of the improved design ({@code freelist=mutex}), or a
 * class name alone, which replaces the part it implements in the improved design.
 */
public final class DesignSet {
    private final String name;
    private final EnumMap<Part, Class<?>> parts;

    private DesignSet(String name, EnumMap<Part, Class<?>> parts) {
        this.name = name;
        this.parts = parts;
    }

    private static DesignSet of(String name, String freelist, String once, String lookup, String gate,
                                String allocator) {
        EnumMap<Part, Class<?>> m = new EnumMap<>(Part.class);
        m.put(Part.FREELIST, Choices.builtin(Part.FREELIST, freelist));
        m.put(Part.ONCE, Choices.builtin(Part.ONCE, once));
        m.put(Part.LOOKUP, Choices.builtin(Part.LOOKUP, lookup));
        m.put(Part.GATE, Choices.builtin(Part.GATE, gate));
        m.put(Part.ALLOCATOR, Choices.builtin(Part.ALLOCATOR, allocator));
        return new DesignSet(name, m);
    }

    /** The fork as the design note describes it. */
    public static DesignSet baseline() {
        return of("baseline", "mutex", "global-lock", "scan", "off", "baseline");
    }

    /** The note's five improvements, each in the form the checks and benchmarks chose. */
    public static DesignSet improved() {
        return of("improved", "home-slot", "per-slot", "stored", "adaptive", "sharded");
    }

    /** Both built-in designs, baseline first. */
    public static List<DesignSet> both() {
        return List.of(baseline(), improved());
    }

    /** The named designs {@link #parse} accepts, with what each is. */
    public static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("baseline", "the fork as the design note describes it");
        m.put("improved", "all five improvements");
        m.put("fixed-baseline", "the baseline with the minimal fix of its allocator's lock-drop finding");
        m.put("improved-bitmask", "the improved design with the note's literal freelist proposal (one atomic bitmask)");
        for (Part p : ablationOrder()) {
            m.put("baseline+" + p.improvement(), "the baseline with improvement " + p.improvement() + " alone ("
                    + p.key() + "=" + Choices.nameOf(p, improved().part(p)) + ")");
        }
        return m;
    }

    /** The baseline with exactly one improvement switched on, for improvements 1..5. */
    public static List<DesignSet> ablations() {
        List<DesignSet> out = new ArrayList<>();
        for (Part p : ablationOrder()) {
            out.add(parse("baseline+" + p.improvement()));
        }
        return out;
    }

    private static List<Part> ablationOrder() {
        return List.of(Part.ALLOCATOR, Part.GATE, Part.LOOKUP, Part.ONCE, Part.FREELIST);
    }

    /** A spec parsed with this class's loader (see the class comment for the syntax). */
    public static DesignSet parse(String spec) {
        return parse(spec, DesignSet.class.getClassLoader());
    }

    /**
     * A design from its spec; classes named in it are loaded with {@code loader}.
     *
     * @throws IllegalArgumentException with one line naming what is wrong with the spec
     */
    public static DesignSet parse(String spec, ClassLoader loader) {
        String s = spec == null ? "" : spec.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty design spec (try: baseline, improved, baseline+2, "
                    + "improved,freelist=mutex, or a class name)");
        }
        String[] items = s.split(",");
        String head = items[0].strip();
        DesignSet d;
        int from = 1;
        if (head.contains("=")) {
            d = improved();
            from = 0;
        } else if (!names().containsKey(head) && head.contains(".") && !head.contains("+")) {
            d = improved().with(load(head, loader));
        } else {
            d = named(head);
        }
        for (int i = from; i < items.length; i++) {
            String item = items[i].strip();
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new IllegalArgumentException("bad design part '" + item + "' in '" + spec
                        + "' (expected part=choice, e.g. freelist=mutex)");
            }
            Part p = Part.byKey(item.substring(0, eq).strip());
            d = d.with(p, choice(p, item.substring(eq + 1).strip(), loader));
        }
        return d;
    }

    private static DesignSet named(String head) {
        String[] plus = head.split("\\+", -1);
        DesignSet d;
        switch (plus[0]) {
            case "baseline":
                d = baseline();
                break;
            case "improved":
                d = improved();
                break;
            case "fixed-baseline":
                d = baseline().with(Part.ALLOCATOR, Choices.builtin(Part.ALLOCATOR, "fixed-baseline"))
                        .renamed("fixed-baseline");
                break;
            case "improved-bitmask":
                d = improved().with(Part.FREELIST, Choices.builtin(Part.FREELIST, "bitmask"))
                        .renamed("improved-bitmask");
                break;
            default:
                throw new IllegalArgumentException("unknown design '" + head + "' (names: "
                        + String.join(", ", names().keySet()) + "; or part=choice, or a class name)");
        }
        for (int i = 1; i < plus.length; i++) {
            int n;
            try {
                n = Integer.parseInt(plus[i].strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            Part p = null;
            for (Part q : ablationOrder()) {
                if (q.improvement() == n) {
                    p = q;
                }
            }
            if (p == null) {
                throw new IllegalArgumentException("bad improvement '" + plus[i] + "' in '" + head
                        + "' (improvements are 1..5)");
            }
            d = d.with(p, improved().part(p));
        }
        return plus.length > 1 ? d.renamed(head) : d;
    }

    private static Class<?> choice(Part p, String value, ClassLoader loader) {
        Class<?> c = Choices.builtin(p, value);
        if (c != null) {
            return c;
        }
        if (!value.contains(".")) {
            throw new IllegalArgumentException("unknown " + p.key() + " '" + value + "' (built-in: "
                    + Choices.listOf(p) + "; or a fully qualified class name)");
        }
        return load(value, loader);
    }

    private static Class<?> load(String className, ClassLoader loader) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class not found: " + className);
        } catch (LinkageError e) {
            throw new IllegalArgumentException("cannot load " + className + ": " + e);
        }
    }

    /**
     * This design with {@code impl} as its choice for {@code p}. A {@link Part#POOL} replaces the composed pool; any
     * other part replaces that part (and, for freelist, once-per-slot and lookup, drops a whole-pool choice).
     *
     * @throws IllegalArgumentException when {@code impl} is not a usable {@code p}
     */
    public DesignSet with(Part p, Class<?> impl) {
        Objects.requireNonNull(impl);
        p.constructor(impl); // a clear line now rather than a failure in the middle of a check
        EnumMap<Part, Class<?>> m = new EnumMap<>(parts);
        m.put(p, impl);
        if (p == Part.FREELIST || p == Part.ONCE || p == Part.LOOKUP) {
            m.remove(Part.POOL);
        }
        if (m.equals(parts)) {
            return this;
        }
        return new DesignSet(name + "," + p.key() + "=" + shortName(p, impl), m);
    }

    /** This design with {@code impl} in the part it implements. */
    public DesignSet with(Class<?> impl) {
        Part p = Part.of(impl);
        if (p == null) {
            throw new IllegalArgumentException(impl.getName() + " implements none of the design parts' interfaces "
                    + "(SlotFreelist, OncePerSlot, IndexLookup, CommitGate, StreamPool, CachingAllocator)");
        }
        return with(p, impl);
    }

    /** The same choices under another name. */
    public DesignSet renamed(String newName) {
        return new DesignSet(newName, parts);
    }

    private static String shortName(Part p, Class<?> impl) {
        String n = Choices.nameOf(p, impl);
        return n.equals(impl.getName()) ? impl.getSimpleName() : n;
    }

    public String name() {
        return name;
    }

    /** The class chosen for {@code p}, or null ({@link Part#POOL} when the pool is composed). */
    public Class<?> part(Part p) {
        return parts.get(p);
    }

    /** Every choice as {@code part=choice}, in part order (what a report prints). */
    public String describe() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Part, Class<?>> e : parts.entrySet()) {
            out.add(e.getKey().key() + "=" + Choices.nameOf(e.getKey(), e.getValue()));
        }
        return String.join(" ", out);
    }

    /** A spec that {@link #parse} turns back into these choices. */
    public String spec() {
        List<String> out = new ArrayList<>();
        out.add("baseline");
        for (Map.Entry<Part, Class<?>> e : parts.entrySet()) {
            if (e.getValue() != baseline().part(e.getKey())) {
                out.add(e.getKey().key() + "=" + Choices.nameOf(e.getKey(), e.getValue()));
            }
        }
        return String.join(",", out);
    }

    /** Default commit-and-continue mode: "off" or "on" for those gates, "auto" for any other gate. */
    public String defaultCommitMode() {
        Class<?> g = parts.get(Part.GATE);
        return g == DisabledCommitGate.class ? "off" : g == ForcedCommitGate.class ? "on" : "auto";
    }

    /**
     * The gate for a mode ({@code PYTORCH_MPS_COMMIT_AND_CONTINUE}): "on" and "off" are the built-in forced and
     * disabled gates; "auto" is this design's gate, or the built-in adaptive gate when this design's gate is one of
     * those two.
     */
    public CommitGate newGate(String mode) {
        switch (mode) {
            case "on":
                return new ForcedCommitGate();
            case "off":
                return new DisabledCommitGate();
            case "auto":
                Class<?> g = parts.get(Part.GATE);
                if (g == DisabledCommitGate.class || g == ForcedCommitGate.class) {
                    return new AdaptiveCommitGate();
                }
                return (CommitGate) Part.GATE.instantiate(g);
            default:
                throw new IllegalArgumentException("commit mode must be on, off or auto (got '" + mode + "')");
        }
    }

    /** This design's gate in its default mode. */
    public CommitGate newGate() {
        return newGate(defaultCommitMode());
    }

    public SlotFreelist newFreelist() {
        return (SlotFreelist) Part.FREELIST.instantiate(parts.get(Part.FREELIST));
    }

    @SuppressWarnings("unchecked")
    public <T> OncePerSlot<T> newOnce(int size, IntFunction<T> factory) {
        return (OncePerSlot<T>) Part.ONCE.instantiate(parts.get(Part.ONCE), size, factory);
    }

    public IndexLookup newLookup() {
        return (IndexLookup) Part.LOOKUP.instantiate(parts.get(Part.LOOKUP));
    }

    /** The design's stream pool: its whole-pool choice, or a pool composed from its freelist, once and lookup. */
    public StreamPool newPool(Device device, CommitGate gate, PoolConfig config) {
        Class<?> whole = parts.get(Part.POOL);
        if (whole != null) {
            return (StreamPool) Part.POOL.instantiate(whole, device, gate, config);
        }
        return new ComposedStreamPool(name, device, gate, config, newFreelist(),
                factory -> newOnce(StreamPool.NUM_STREAMS, factory), newLookup());
    }

    public CachingAllocator newAllocator(StreamPool pool, AllocatorConfig config) {
        return (CachingAllocator) Part.ALLOCATOR.instantiate(parts.get(Part.ALLOCATOR), pool, config);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DesignSet && ((DesignSet) o).parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return name + " [" + describe() + "]";
    }
}
