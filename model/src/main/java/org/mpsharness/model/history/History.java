package org.mpsharness.model.history;

import java.util.List;
import org.mpsharness.model.lin.Operation;

/**
 * A recorded history: the operations that may have taken effect, in call order. Operations that definitely did not
 * take effect ({@code fail}) are already gone; those of unknown outcome have {@link Operation#UNKNOWN} output and no
 * return. Positions ({@link Operation#call()}, {@link Operation#ret()}) are line numbers in {@code source} when the
 * history was read from a file.
 *
 * @param source     where the history came from (a file name), for messages
 * @param operations the operations, in call order
 */
public record History(String source, List<Operation> operations) {
    public History {
        operations = List.copyOf(operations);
    }

    public int size() {
        return operations.size();
    }
}
