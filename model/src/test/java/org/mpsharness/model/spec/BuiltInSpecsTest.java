package org.mpsharness.model.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Spec;

/** The step relations of the built-in specs, their validation, partitioning, and the registry. */
class BuiltInSpecsTest {
    private final RegisterSpec register = new RegisterSpec();
    private final KeyValueSpec kv = new KeyValueSpec();

    private static Operation op(String f, Object input, Object output) {
        return Operation.completed(0, f, input, output, 1, 2);
    }

    @Test
    void registerSteps() {
        RegisterSpec.Cell empty = register.init();
        RegisterSpec.Cell three = new RegisterSpec.Cell(3L);

        assertThat(register.step(empty, op("read", null, null))).containsExactly(empty);
        assertThat(register.step(empty, op("read", null, 3L))).isEmpty();
        assertThat(register.step(three, op("read", null, 3))).as("int and long compare by value")
                .containsExactly(three);
        assertThat(register.step(empty, op("write", 3L, null))).containsExactly(three);
        assertThat(register.step(three, op("cas", List.of(3L, 4L), true))).containsExactly(new RegisterSpec.Cell(4L));
        assertThat(register.step(three, op("cas", List.of(3L, 4L), false))).isEmpty();
        assertThat(register.step(three, op("cas", List.of(2L, 4L), false))).containsExactly(three);
        assertThat(register.step(empty, op("cas", Arrays.asList(null, 4L), true)))
                .containsExactly(new RegisterSpec.Cell(4L));
        // unknown outputs accept whatever could have happened
        assertThat(register.step(three, Operation.unknownOutcome(0, "cas", List.of(3L, 4L), 1)))
                .containsExactly(new RegisterSpec.Cell(4L));
        assertThat(register.step(three, Operation.unknownOutcome(0, "read", null, 1))).containsExactly(three);
    }

    @Test
    void registerRejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> register.validate(op("incr", null, null))).hasMessageContaining("no operation 'incr'");
        assertThatThrownBy(() -> register.validate(op("cas", List.of(1L), true))).hasMessageContaining("[from, to]");
        assertThatThrownBy(() -> register.validate(op("cas", List.of(1L, 2L), "yes")))
                .hasMessageContaining("true or false");
        register.validate(op("cas", List.of(1L, 2L), false));
    }

    @Test
    void keyValueStepsAndPartitionsByKey() {
        Map<String, Object> getA = Map.of("key", "a");
        assertThat(kv.step("", op("get", getA, ""))).containsExactly("");
        assertThat(kv.step("x", op("get", getA, ""))).isEmpty();
        assertThat(kv.step("x", op("append", Map.of("key", "a", "value", "y"), null))).containsExactly("xy");
        assertThat(kv.step("x", op("put", Map.of("key", "a", "value", "y"), null))).containsExactly("y");

        Operation a1 = op("get", getA, "");
        Operation b1 = op("put", Map.of("key", "b", "value", "v"), null);
        Operation a2 = op("append", Map.of("key", "a", "value", "w"), null);
        assertThat(kv.partition(List.of(a1, b1, a2))).containsExactly(List.of(a1, a2), List.of(b1));
        assertThat(new WholeStoreKeyValueSpec().partition(List.of(a1, b1, a2))).containsExactly(List.of(a1, b1, a2));
    }

    @Test
    void wholeStoreAgreesWithPerKeyOnEachKey() {
        WholeStoreKeyValueSpec whole = new WholeStoreKeyValueSpec();
        WholeStoreKeyValueSpec.Store s = whole.init();
        s = whole.step(s, op("append", Map.of("key", "a", "value", "x"), null)).get(0);
        s = whole.step(s, op("put", Map.of("key", "b", "value", "y"), null)).get(0);
        assertThat(s.values()).isEqualTo(Map.of("a", "x", "b", "y"));
        assertThat(whole.step(s, op("get", Map.of("key", "c"), ""))).containsExactly(s);
        assertThat(whole.step(s, op("get", Map.of("key", "a"), "y"))).isEmpty();
    }

    @Test
    void keyValueRejectsMalformedInput() {
        assertThatThrownBy(() -> kv.validate(op("get", "a", ""))).hasMessageContaining("{\"key\": string");
        assertThatThrownBy(() -> kv.validate(op("put", Map.of("key", "a"), null))).hasMessageContaining("\"value\"");
        assertThatThrownBy(() -> kv.validate(op("get", Map.of("key", "a"), 3L))).hasMessageContaining("string");
        assertThatThrownBy(() -> kv.validate(op("del", Map.of("key", "a"), null))).hasMessageContaining("no operation");
    }

    @Test
    void registryFindsBuiltInsAndTakesMore() {
        SpecRegistry registry = SpecRegistry.standard();
        assertThat(registry.names()).containsExactly("allocator", "commit-gate", "kv", "kv-whole", "once-per-slot",
                "register", "stream-pool");
        assertThat(registry.require("register")).isInstanceOf(RegisterSpec.class);
        assertThatThrownBy(() -> registry.require("queue"))
                .hasMessage("unknown spec 'queue' (known: allocator, commit-gate, kv, kv-whole, once-per-slot, register, "
                        + "stream-pool)");

        Spec<String> queue = new Spec<>() {
            @Override
            public String name() {
                return "queue";
            }

            @Override
            public String init() {
                return "";
            }

            @Override
            public List<String> step(String state, Operation op) {
                return List.of(state);
            }
        };
        registry.register(queue);
        assertThat(registry.require("queue")).isSameAs(queue);
        assertThatThrownBy(() -> registry.register(new RegisterSpec())).hasMessageContaining("already registered");
    }
}
