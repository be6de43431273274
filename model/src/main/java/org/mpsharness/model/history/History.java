package org.mpsharness.model.history;

import java.util.List;
import org.mpsharness.model.lin.Operation;

/**
 * A recorded history: the operations that may have taken effect, in call order. Operations that definitely did not
 * take effect ({@code fail}) are already gone, and only counted; those of unknown outcome have
 * {@link Operation#UNKNOWN} output and no return. Positions ({@link Operation#call()}, {@link Operation#ret()}) are
 * line numbers in {@code source} when the history was read from a file.
 *
 * @param source     where the history came from (a file name), for messages
 * @param operations the operations, in call order
 * @param failed     how many invoked operations failed and were dropped: a history with no operations but some
 *                   failed ones is a different report from an empty file
 */
public record History(String source, List<Operation> operations, int failed) {
    public History {
        operations = List.copyOf(operations);
        if (failed < 0) {
            throw new IllegalArgumentException("negative count of failed operations: " + failed);
        }
    }

    /** A history in which no operation failed (or none was counted). */
    public History(String source, List<Operation> operations) {
        this(source, operations, 0);
    }

    public int size() {
        return operations.size();
    }
}
