package org.mpsharness.model.lin;

import java.util.List;

/**
 * A spec with its partitioning taken away: the whole history is one part, searched from {@link Spec#init()}. By
 * P-compositionality a partitioned spec must give exactly this spec's verdict on every history; a partition that
 * splits operations which interact (or keys that compare differently from the step relation) breaks that.
 */
class Unpartitioned<S> implements Spec<S> {
    private final Spec<S> spec;

    Unpartitioned(Spec<S> spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public S init() {
        return spec.init();
    }

    @Override
    public List<S> step(S state, Operation op) {
        return spec.step(state, op);
    }

    @Override
    public void validate(Operation op) {
        spec.validate(op);
    }

    @Override
    public String describeState(S state) {
        return spec.describeState(state);
    }

    @Override
    public String describeOperation(Operation op) {
        return spec.describeOperation(op);
    }
}
