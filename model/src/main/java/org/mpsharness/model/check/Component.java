package org.mpsharness.model.check;

import java.util.List;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.Part;

/**
 * One descriptor per checkable component: everything the checks need to know about it, in one place — the design
 * {@link Part} it is (interface and constructor convention), its contract, its Lincheck subjects with their
 * specifications, the history specifications its recorded runs are decided by, and how a variant is put into a full
 * design. (Its seeded variants are registered in the catalog, by component.)
 *
 * <p>Why one place: a check that is added here runs for every variant of every component; a component that gains a
 * check needs no change in the checks that do not concern it. The checks themselves ({@link CheckSuite}) ask the
 * descriptor and never switch on the component.
 */
public enum Component {
    /** Improvement 5. */
    FREELIST(Part.FREELIST, List.of(LincheckSubjects.FREELIST_WAIT, LincheckSubjects.FREELIST_FULL,
            LincheckSubjects.FREELIST), Histories.ALL) {
        @Override
        void contract(Class<?> impl, DesignSet design) throws Exception {
            FreelistContract.run(design::newFreelist);
        }
    },
    /** Improvement 4. */
    ONCE_PER_SLOT(Part.ONCE, List.of(LincheckSubjects.ONCE), Histories.ALL) {
        @Override
        void contract(Class<?> impl, DesignSet design) throws Exception {
            OnceContract.run(impl);
        }
    },
    /** Improvement 3: checked inside the pool it is composed into. */
    INDEX_LOOKUP(Part.LOOKUP, Pools.SUBJECTS, Histories.ALL) {
        @Override
        void contract(Class<?> impl, DesignSet design) throws Exception {
            PoolContract.run(design);
        }
    },
    /** Improvement 2. */
    COMMIT_GATE(Part.GATE, List.of(LincheckSubjects.GATE), Histories.ALL) {
        @Override
        void contract(Class<?> impl, DesignSet design) throws Exception {
            GateContract.run(() -> design.newGate());
        }
    },
    /** Improvements 3–5 in one class (a user's pool written from scratch, or a seeded pool). */
    STREAM_POOL(Part.POOL, Pools.SUBJECTS, Histories.ALL) {
        @Override
        void contract(Class<?> impl, DesignSet design) throws Exception {
            PoolContract.run(design);
        }
    },
    /** Improvement 1. */
    ALLOCATOR(Part.ALLOCATOR, List.of(LincheckSubjects.ALLOCATOR_FINDING, LincheckSubjects.ALLOCATOR),
            Histories.ALL) {
        @Override
        void contract(Class<?> impl, DesignSet design) throws Exception {
            AllocatorContract.run(impl);
        }
    };

    /** The histories a recorded run yields; a variant of any part can break any of them through the pool. */
    private static final class Histories {
        static final List<String> ALL = List.of("stream-pool", "allocator", "commit-gate");
    }

    /** The pool's subjects: exhaustion to the default stream, waits ended by a release, random scenarios. */
    private static final class Pools {
        static final List<LincheckSubjects> SUBJECTS = List.of(LincheckSubjects.POOL_DEFAULT,
                LincheckSubjects.POOL_WAIT, LincheckSubjects.POOL);
    }

    private final Part part;
    private final List<LincheckSubjects> subjects;
    private final List<String> historySpecs;

    Component(Part part, List<LincheckSubjects> subjects, List<String> historySpecs) {
        this.part = part;
        this.subjects = subjects;
        this.historySpecs = historySpecs;
    }

    /** The component's contract: targeted sequential and small multi-threaded scenarios on {@code design}'s part. */
    abstract void contract(Class<?> impl, DesignSet design) throws Exception;

    /** The design part this component is. */
    public Part part() {
        return part;
    }

    /** The interface a variant implements. */
    public Class<?> api() {
        return part.api();
    }

    /** The constructor convention a variant follows. */
    public String constructor() {
        return part.constructorConvention();
    }

    /** The Lincheck subjects (each with its sequential specification) that exercise this component. */
    public List<LincheckSubjects> lincheckSubjects() {
        return subjects;
    }

    /** Names of the history specifications (SpecRegistry) that the recorded runs of a design with it are decided by. */
    public List<String> historySpecs() {
        return historySpecs;
    }

    /** The full design a variant runs in: the improved design with the variant as this component. */
    public DesignSet design(Class<?> impl) {
        return DesignSet.improved().with(part, impl);
    }

    /** The component {@code impl} implements, or null. */
    public static Component of(Class<?> impl) {
        Part p = Part.of(impl);
        return p == null ? null : of(p);
    }

    /** The component of a design part. */
    public static Component of(Part p) {
        for (Component c : values()) {
            if (c.part == p) {
                return c;
            }
        }
        throw new AssertionError(p);
    }
}
