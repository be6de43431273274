package org.mpsharness.model.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.pool.AbstractStreamPool;
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

    @Test
    void theProbeNamesWhatMakesAClassUnusable() {
        ClassLoader l = getClass().getClassLoader();
        assertThat(DesignProbe.probe(BitmaskFreelist.class.getName(), l).component()).isEqualTo(Component.FREELIST);
        assertThat(DesignProbe.probe(SlotFreelist.class.getName(), l).problem()).contains("is an interface");
        assertThat(DesignProbe.probe(AbstractStreamPool.class.getName(), l).problem()).contains("is abstract");
        assertThat(DesignProbe.probe(String.class.getName(), l).problem()).contains("implements none");
        assertThat(DesignProbe.probe("no.Such", l).problem()).isEqualTo("class not found: no.Such");
    }
}
