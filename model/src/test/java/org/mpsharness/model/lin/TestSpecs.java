package org.mpsharness.model.lin;

import java.util.ArrayList;
import java.util.List;

/**
 * Small specs that exercise what the built-in register and kv do not: preconditions that make an operation illegal
 * whatever its output (a mutex), nondeterministic outputs (a slot pool) and nondeterministic states (a lossy register).
 * They double as examples of how short a spec is.
 */
final class TestSpecs {
    private TestSpecs() {
    }

    /** A mutex: lock by a process when free, unlock by the holder. Locking a held mutex is illegal, not blocking. */
    static final class Mutex implements Spec<Mutex.Holder> {
        record Holder(int process) {
        }

        private static final Holder FREE = new Holder(-1);

        @Override
        public String name() {
            return "mutex";
        }

        @Override
        public Holder init() {
            return FREE;
        }

        @Override
        public List<Holder> step(Holder h, Operation op) {
            return switch (op.f()) {
                case "lock" -> h.equals(FREE) ? List.of(new Holder(op.process())) : List.of();
                case "unlock" -> h.process() == op.process() ? List.of(FREE) : List.of();
                default -> throw new IllegalArgumentException("mutex has no " + op.f());
            };
        }
    }

    /**
     * A pool of slots: acquire returns any free slot, release frees one. With an unknown output, acquire may have
     * taken any free slot, so the step has one next state per free slot.
     */
    static final class SlotPool implements Spec<SlotPool.Taken> {
        record Taken(int mask) {
        }

        private final int slots;

        SlotPool(int slots) {
            this.slots = slots;
        }

        @Override
        public String name() {
            return "slot-pool";
        }

        @Override
        public Taken init() {
            return new Taken(0);
        }

        @Override
        public List<Taken> step(Taken t, Operation op) {
            List<Taken> next = new ArrayList<>();
            switch (op.f()) {
                case "acquire" -> {
                    for (int s = 0; s < slots; s++) {
                        if ((t.mask() & (1 << s)) == 0 && op.outputMatches(s)) {
                            next.add(new Taken(t.mask() | (1 << s)));
                        }
                    }
                }
                case "release" -> {
                    int s = ((Number) op.input()).intValue();
                    if ((t.mask() & (1 << s)) != 0) {
                        next.add(new Taken(t.mask() & ~(1 << s)));
                    }
                }
                default -> throw new IllegalArgumentException("slot pool has no " + op.f());
            }
            return next;
        }
    }

    /** A register whose writes may be lost: a write leads to two states, the new value or the old one. */
    static final class LossyRegister implements Spec<LossyRegister.Value> {
        record Value(long v) {
        }

        @Override
        public String name() {
            return "lossy-register";
        }

        @Override
        public Value init() {
            return new Value(0);
        }

        @Override
        public List<Value> step(Value s, Operation op) {
            return switch (op.f()) {
                case "read" -> op.outputMatches(s.v()) ? List.of(s) : List.of();
                case "write" -> {
                    Value written = new Value(((Number) op.input()).longValue());
                    yield written.equals(s) ? List.of(s) : List.of(s, written);
                }
                default -> throw new IllegalArgumentException("lossy register has no " + op.f());
            };
        }
    }

    /** Counts steps and sleeps in each, to make a search slow enough to hit a time limit for certain. */
    static final class Sluggish<S> implements Spec<S> {
        private final Spec<S> inner;
        private final long sleepMillis;

        Sluggish(Spec<S> inner, long sleepMillis) {
            this.inner = inner;
            this.sleepMillis = sleepMillis;
        }

        @Override
        public String name() {
            return "sluggish-" + inner.name();
        }

        @Override
        public S init() {
            return inner.init();
        }

        @Override
        public List<S> step(S state, Operation op) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.step(state, op);
        }
    }
}
