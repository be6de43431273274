package org.mpsharness.model.lin;

/** The answer of the checker. Only {@link #OK} is a pass: an undecided check must never be mistaken for one. */
public enum Verdict {
    /** Every partition has a linearization. */
    OK,
    /** Some partition has none; the result carries the smallest failing window found. */
    VIOLATION,
    /** The time limit ran out before every partition was decided, and none was found violating. */
    UNKNOWN
}
