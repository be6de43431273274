package org.mpsharness.model.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.model.check.CheckOutcome.Verdict;

/** The check JVM's report lines read back as written, and the class probe's answers. */
class CheckProtocolTest {

    @Test
    void eventsRoundTripAndOtherLinesAreIgnored() {
        CheckOutcome o = new CheckOutcome("contract", Verdict.FAIL, "line 1\n\t\"quoted\" \\ line 2", 42);
        CheckProtocol.Event e = CheckProtocol.parse(CheckProtocol.verdict(o));
        assertThat(e.type()).isEqualTo("verdict");
        assertThat(e.outcome()).isEqualTo(o);
        CheckProtocol.Event d = CheckProtocol.parse(CheckProtocol.design(Component.FREELIST, List.of("a", "b")));
        assertThat(d.list("checks")).containsExactly("a", "b");
        assertThat(d.text("component")).isEqualTo("FREELIST");
        assertThat(CheckProtocol.parse("hello from the design")).isNull();
        String cut = CheckProtocol.verdict(o);
        assertThat(CheckProtocol.parse(cut.substring(0, cut.length() - 3))).as("a line cut by the JVM's end").isNull();
    }

    /** Abstract: cannot be checked. */
    public abstract static class AbstractFreelist implements org.mpsharness.core.pool.SlotFreelist {
    }

    /** No constructor of the freelist convention {@code ()}. */
    public static class WrongConstructor implements org.mpsharness.core.pool.SlotFreelist {
        private final org.mpsharness.core.pool.SlotFreelist d = new BitmaskFreelist();

        public WrongConstructor(int slots) {
        }

        @Override
        public int tryAcquire(Thread owner) {
            return d.tryAcquire(owner);
        }

        @Override
        public int acquire(Thread owner, long timeoutNanos) throws InterruptedException {
            return d.acquire(owner, timeoutNanos);
        }

        @Override
        public org.mpsharness.core.pool.ReleaseOutcome release(int slot, Thread caller) {
            return d.release(slot, caller);
        }

        @Override
        public boolean reclaim(int slot, Thread deadOwner) {
            return d.reclaim(slot, deadOwner);
        }

        @Override
        public Thread ownerOf(int slot) {
            return d.ownerOf(slot);
        }

        @Override
        public int freeCount() {
            return d.freeCount();
        }

        @Override
        public void wakeAll() {
            d.wakeAll();
        }
    }

    @Test
    void theProbeNamesWhatMakesAClassUnusable() {
        ClassLoader l = getClass().getClassLoader();
        assertThat(DesignProbe.probe(BitmaskFreelist.class.getName(), l).component()).isEqualTo(Component.FREELIST);
        assertThat(DesignProbe.probe(SlotFreelist.class.getName(), l).problem()).contains("is an interface");
        assertThat(DesignProbe.probe(AbstractFreelist.class.getName(), l).problem()).contains("is abstract");
        assertThat(DesignProbe.probe(PerSlotOnce.class.getName(), l).usable()).as("(int, IntFunction)").isTrue();
        assertThat(DesignProbe.probe(WrongConstructor.class.getName(), l).problem())
                .contains("has no public constructor WrongConstructor()");
        assertThat(DesignProbe.probe(String.class.getName(), l).problem()).contains("implements none");
        assertThat(DesignProbe.probe("no.Such", l).problem()).isEqualTo("class not found: no.Such");
    }
}
