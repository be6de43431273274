package org.mpsharness.model.lin;

import java.util.Arrays;

/** Shorthand for hand-made histories in tests: positions are small integers, one per event. */
final class Ops {
    private Ops() {
    }

    static Operation op(int process, String f, Object input, Object output, long call, long ret) {
        return Operation.completed(process, f, input, output, call, ret);
    }

    static Operation unknown(int process, String f, Object input, long call) {
        return Operation.unknownOutcome(process, f, input, call);
    }

    static Operation write(int process, Object value, long call, long ret) {
        return op(process, "write", value, null, call, ret);
    }

    static Operation read(int process, Object value, long call, long ret) {
        return op(process, "read", null, value, call, ret);
    }

    static Operation cas(int process, Object from, Object to, boolean swapped, long call, long ret) {
        return op(process, "cas", Arrays.asList(from, to), swapped, call, ret);
    }
}
