package org.mpsharness.core.design;

import java.util.List;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BaselineAllocator;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.BaselineStreamPool;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.CommitGates;

/** The two built-in design sets: the fork as the design note describes it, and the note's five improvements. */
public final class Designs {
    private Designs() {
    }

    public static DesignSet baseline() {
        return new Builtin("baseline", "off");
    }

    public static DesignSet improved() {
        return new Builtin("improved", "auto");
    }

    public static List<DesignSet> both() {
        return List.of(baseline(), improved());
    }

    /** A built-in set by name. */
    public static DesignSet byName(String name) {
        switch (name) {
            case "baseline":
                return baseline();
            case "improved":
                return improved();
            default:
                throw new IllegalArgumentException("unknown design '" + name + "' (baseline, improved)");
        }
    }

    private static final class Builtin implements DesignSet {
        private final String name;
        private final String commitMode;

        Builtin(String name, String commitMode) {
            this.name = name;
            this.commitMode = commitMode;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String defaultCommitMode() {
            return commitMode;
        }

        @Override
        public CommitGate newGate(String mode) {
            return CommitGates.forMode(mode);
        }

        @Override
        public StreamPool newPool(Device device, CommitGate gate, PoolConfig config) {
            return name.equals("baseline") ? new BaselineStreamPool(device, gate, config)
                    : new ImprovedStreamPool(device, gate, config);
        }

        @Override
        public CachingAllocator newAllocator(StreamPool pool, AllocatorConfig config) {
            return name.equals("baseline") ? new BaselineAllocator(pool, config) : new ShardedAllocator(pool, config);
        }
    }
}
