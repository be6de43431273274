package org.mpsharness.model.lincheck;

import java.util.Arrays;

/** Sequential specification of {@link OncePerSlotLin}: the first get creates, nothing creates twice. */
public class OncePerSlotSpec {
    private final boolean[] created = new boolean[OncePerSlotLin.SLOTS];

    public int get(int i) {
        created[i] = true;
        return 1;
    }

    /** Extra factory runs: never any. */
    public int runs(int i) {
        return 0;
    }

    public int peek(int i) {
        return created[i] ? 1 : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OncePerSlotSpec && Arrays.equals(((OncePerSlotSpec) o).created, created);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(created);
    }
}
