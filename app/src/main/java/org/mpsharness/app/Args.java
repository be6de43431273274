package org.mpsharness.app;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks of option values that picocli's types cannot express: ranges, choices, lists and regular expressions. Each
 * failure is a {@link UsageException} whose one line names the option, what it accepts, and what it got.
 */
final class Args {
    private Args() {
    }

    static int range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be in " + min + ".." + max + " (got " + value + ")");
        }
        return value;
    }

    static long range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be in " + min + ".." + max + " (got " + value + ")");
        }
        return value;
    }

    static String choice(String option, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new UsageException(option + " must be one of " + String.join(", ", allowed) + " (got '" + value
                    + "')");
        }
        return value;
    }

    static String regex(String option, String value) {
        try {
            Pattern.compile(value);
            return value;
        } catch (PatternSyntaxException e) {
            throw new UsageException(option + " is not a regular expression: '" + value + "' ("
                    + e.getDescription() + ")");
        }
    }

    /** Thread counts: a comma-separated list of 1..31. */
    static List<Integer> threads(String option, String list) {
        List<Integer> out = new java.util.ArrayList<>();
        for (String part : list.split(",")) {
            int v;
            try {
                v = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new UsageException(option + " must be a comma-separated list of integers (got '" + list
                        + "')");
            }
            if (v < 1 || v > 31) {
                throw new UsageException("thread counts must be 1..31 (got " + v + ")");
            }
            out.add(v);
        }
        return out;
    }
}
