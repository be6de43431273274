package org.mpsharness.model.catalog;

import java.util.List;

/** Variants of the small components (freelist, once-per-slot, commit gate, stream pool). */
final class ContributedMutants {
    private ContributedMutants() {
    }

    static List<SeededBug> all() {
        return List.of();
    }
}
