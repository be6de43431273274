package org.mpsharness.model.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mpsharness.model.lin.Spec;

/**
 * Specs by name, so that a command line or a recorded history can say which spec it is checked against
 * ({@code --spec register}). {@link #standard()} knows the built-in specs; components add theirs with
 * {@link #register}, or by adding a line to {@code standard()}.
 */
public final class SpecRegistry {
    private final Map<String, Spec<?>> specs = new ConcurrentHashMap<>();

    /** A registry with the built-in specs: {@code register}, {@code kv}, {@code kv-whole}, and the components'
     * {@code stream-pool}, {@code allocator}, {@code once-per-slot}, {@code commit-gate}. */
    public static SpecRegistry standard() {
        return new SpecRegistry()
                .register(new RegisterSpec())
                .register(new KeyValueSpec())
                .register(new WholeStoreKeyValueSpec())
                .register(new StreamPoolHistorySpec())
                .register(new AllocatorHistorySpec())
                .register(new OncePerSlotHistorySpec())
                .register(new CommitGateHistorySpec());
    }

    /**
     * Adds a spec under its {@link Spec#name()}.
     *
     * @throws IllegalArgumentException when that name is taken
     */
    public SpecRegistry register(Spec<?> spec) {
        Spec<?> previous = specs.putIfAbsent(spec.name(), spec);
        if (previous != null && previous != spec) {
            throw new IllegalArgumentException("a spec named '" + spec.name() + "' is already registered");
        }
        return this;
    }

    public Optional<Spec<?>> find(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /**
     * The spec of that name.
     *
     * @throws IllegalArgumentException naming the known specs, when there is none
     */
    public Spec<?> require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown spec '" + name + "' (known: " + String.join(", ", names()) + ")"));
    }

    /** The registered names, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(specs.keySet());
        names.sort(null);
        return names;
    }
}
