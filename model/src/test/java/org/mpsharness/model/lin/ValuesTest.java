package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The canonical form of values: one value, one representation, whatever the Java type or JSON spelling it came in;
 * and the operation, the partitioner and the comparisons all use it.
 */
class ValuesTest {

    @Test
    void everyIntegralNumberIsALong() {
        for (Object one : List.of(1, 1L, (short) 1, (byte) 1, 1.0, 1.0f, new BigDecimal("1.000"),
                new BigDecimal("10E-1"), BigInteger.ONE)) {
            assertThat(Values.canonical(one)).as("%s (%s)", one, one.getClass().getSimpleName()).isEqualTo(1L);
            assertThat(Values.integral(one)).isTrue();
        }
        assertThat(Values.canonical(-0.0)).isEqualTo(0L);
        assertThat(Values.canonical(new BigDecimal("9223372036854775807.00"))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void otherNumbersAreExactDecimalsWithoutTrailingZeros() {
        assertThat(Values.canonical(1.5)).isEqualTo(new BigDecimal("1.5"));
        assertThat(Values.canonical(new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.5"));
        assertThat(Values.canonical(0.1)).as("a double is its shortest decimal").isEqualTo(new BigDecimal("0.1"));
        assertThat(Values.canonical(0.1f)).isEqualTo(new BigDecimal("0.1"));
        assertThat(Values.integral(1.5)).isFalse();
        assertThat(Values.integral(new BigDecimal("1.0000000000000000001"))).isFalse();
        // integral, but beyond 64 bits: not a Long, and one value whatever its type
        assertThat(Values.canonical(1e20)).isEqualTo(Values.canonical(BigInteger.TEN.pow(20)))
                .isInstanceOf(BigDecimal.class);
        assertThat(Values.integral(1e20)).isFalse();
        assertThat(Values.canonical(Double.NaN)).isEqualTo(Double.NaN);
    }

    @Test
    void listsAndMapsAreCanonicalInside() {
        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("id", 1.0);
        mixed.put("sizes", Arrays.asList(2, 3L, null, "x"));
        assertThat(Values.canonical(mixed)).isEqualTo(Map.of("id", 1L, "sizes", Arrays.asList(2L, 3L, null, "x")));
        assertThat(Values.same(mixed, Map.of("id", 1, "sizes", Arrays.asList(2.0, 3, null, "x")))).isTrue();
        assertThat(Values.same(mixed, Map.of("id", 1.5, "sizes", Arrays.asList(2, 3, null, "x")))).isFalse();
    }

    @Test
    void aValueAlreadyCanonicalIsReturnedAsItIs() {
        Map<String, Object> m = Map.of("id", 1L, "pool", "SMALL");
        List<Object> l = List.of(1L, "a", List.of(2L));
        assertThat(Values.canonical(m)).isSameAs(m);
        assertThat(Values.canonical(l)).isSameAs(l);
    }

    @Test
    void operationsHoldCanonicalValues() {
        Operation spelt = Operation.completed(0, "malloc", Map.of("size", 512.0), Map.of("id", 1.0, "size", 512),
                1, 2);
        assertThat(spelt.input()).isEqualTo(Map.of("size", 512L));
        assertThat(spelt.output()).isEqualTo(Map.of("id", 1L, "size", 512L));
        assertThat(spelt.outputMatches(Map.of("id", 1, "size", 512.0))).isTrue();
        assertThat(Operation.unknownOutcome(0, "get", Map.of("slot", 3.0), 1).input()).isEqualTo(Map.of("slot", 3L));
    }

    @Test
    void partitionsGroupEverySpellingOfAKeyTogether() {
        List<Operation> history = List.of(
                Operation.completed(0, "get", Map.of("slot", 1), 5L, 1, 2),
                Operation.completed(1, "get", Map.of("slot", 1.0), 6L, 3, 4),
                Operation.completed(2, "get", Map.of("slot", new BigDecimal("1.00")), 7L, 5, 6),
                Operation.completed(3, "get", Map.of("slot", 1.5), 8L, 7, 8),
                Operation.completed(4, "get", null, 9L, 9, 10));

        List<List<Operation>> parts = Partitions.byKey(history, op -> op.arg("slot"));

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).hasSize(3);
        assertThat(parts.get(1)).containsExactly(history.get(3));
        assertThat(parts.get(2)).containsExactly(history.get(4));
        // a key the spec computes itself is brought to the canonical form too
        assertThat(Partitions.byKey(history, op -> op.process() % 2 == 0 ? (Object) 7 : (Object) 7.0)).hasSize(1);
    }
}
