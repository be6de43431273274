package org.mpsharness.core.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.FixedBaselineAllocator;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.pool.BaselineStreamPool;
import org.mpsharness.core.pool.ComposedStreamPool;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.MutexFreelist;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.ForcedCommitGate;

class DesignSetTest {

    @Test
    void namedPoolsHaveTheSamePartsAsTheirDesigns() {
        SimDevice dev = new SimDevice();
        try (ComposedStreamPool improved = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults());
             ComposedStreamPool baseline = new BaselineStreamPool(dev, new DisabledCommitGate(),
                     PoolConfig.defaults())) {
            assertParts(improved, DesignSet.improved());
            assertParts(baseline, DesignSet.baseline());
        }
    }

    private static void assertParts(ComposedStreamPool pool, DesignSet d) {
        assertThat(pool.freelist().getClass()).isEqualTo(d.part(Part.FREELIST));
        assertThat(pool.lookup().getClass()).isEqualTo(d.part(Part.LOOKUP));
        try (StreamPool composed = d.newPool(new SimDevice(), new DisabledCommitGate(), PoolConfig.defaults())) {
            assertThat(((ComposedStreamPool) composed).freelist().getClass()).isEqualTo(d.part(Part.FREELIST));
        }
    }

    @Test
    void ablationSwitchesOnExactlyOneImprovement() {
        DesignSet base = DesignSet.baseline();
        for (DesignSet a : DesignSet.ablations()) {
            int differing = 0;
            for (Part p : Part.values()) {
                if (a.part(p) != base.part(p)) {
                    differing++;
                    assertThat(a.part(p)).isEqualTo(DesignSet.improved().part(p));
                }
            }
            assertThat(differing).as(a.name()).isEqualTo(1);
        }
        assertThat(DesignSet.parse("baseline+2").defaultCommitMode()).isEqualTo("auto");
        assertThat(DesignSet.parse("baseline+1").part(Part.ALLOCATOR)).isEqualTo(ShardedAllocator.class);
        assertThat(DesignSet.parse("baseline+1+2")).isEqualTo(DesignSet.parse("baseline,allocator=sharded,gate=adaptive"));
    }

    @Test
    void specsParseAndRoundTrip() {
        for (String name : DesignSet.names().keySet()) {
            DesignSet d = DesignSet.parse(name);
            assertThat(DesignSet.parse(d.spec())).as(name).isEqualTo(d);
        }
        DesignSet d = DesignSet.parse("improved,freelist=mutex");
        assertThat(d.part(Part.FREELIST)).isEqualTo(MutexFreelist.class);
        assertThat(d.name()).isEqualTo("improved,freelist=mutex");
        assertThat(DesignSet.parse("freelist=mutex")).isEqualTo(d);
        assertThat(DesignSet.parse(MutexFreelist.class.getName())).isEqualTo(d);
        assertThat(DesignSet.parse("fixed-baseline").part(Part.ALLOCATOR)).isEqualTo(FixedBaselineAllocator.class);
    }

    @Test
    void badSpecsSayWhatIsWrongInOneLine() {
        assertThatThrownBy(() -> DesignSet.parse("")).hasMessageContaining("empty design spec");
        assertThatThrownBy(() -> DesignSet.parse("fast")).hasMessageContaining("unknown design 'fast'");
        assertThatThrownBy(() -> DesignSet.parse("baseline+9")).hasMessageContaining("improvements are 1..5");
        assertThatThrownBy(() -> DesignSet.parse("improved,freelist")).hasMessageContaining("expected part=choice");
        assertThatThrownBy(() -> DesignSet.parse("improved,fridge=mutex")).hasMessageContaining("unknown design part");
        assertThatThrownBy(() -> DesignSet.parse("improved,freelist=fast")).hasMessageContaining("built-in: mutex");
        assertThatThrownBy(() -> DesignSet.parse("improved,freelist=com.example.Missing"))
                .hasMessage("class not found: com.example.Missing");
        assertThatThrownBy(() -> DesignSet.parse("improved,freelist=" + ShardedAllocator.class.getName()))
                .hasMessageContaining("does not implement SlotFreelist");
        assertThatThrownBy(() -> DesignSet.parse("improved,freelist=" + SlotFreelist.class.getName()))
                .hasMessageContaining("is an interface");
        assertThatThrownBy(() -> DesignSet.improved().with(String.class))
                .hasMessageContaining("implements none of the design parts");
    }

    @Test
    void gateModesFollowTheEnvironmentConvention() {
        assertThat(DesignSet.baseline().newGate()).isInstanceOf(DisabledCommitGate.class);
        assertThat(DesignSet.baseline().newGate("auto")).isInstanceOf(AdaptiveCommitGate.class);
        assertThat(DesignSet.improved().newGate("on")).isInstanceOf(ForcedCommitGate.class);
        assertThat(DesignSet.improved().newGate()).isInstanceOf(AdaptiveCommitGate.class);
        assertThatThrownBy(() -> DesignSet.improved().newGate("maybe")).hasMessageContaining("on, off or auto");
    }

    @Test
    void aComposedDesignRunsAllocAndFree() {
        DesignSet d = DesignSet.parse("baseline+1+5");
        SimDevice dev = new SimDevice();
        try (MpsRuntime rt = MpsRuntime.create(d, dev, PoolConfig.defaults(), AllocatorConfig.defaults(),
                java.util.Map.of())) {
            CachingAllocator a = rt.allocator();
            assertThat(a).isInstanceOf(ShardedAllocator.class);
            a.free(a.malloc(4096, org.mpsharness.core.alloc.Usage.PRIVATE));
            assertThat(a.getCurrentAllocatedMemory()).isZero();
            assertThat(rt.pool().design()).isEqualTo("baseline+1+5");
        }
    }
}
