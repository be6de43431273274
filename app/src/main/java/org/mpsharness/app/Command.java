package org.mpsharness.app;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code ./harness}. Exit codes shared by all: 0 success, 1 a check failed (a violation), 2 bad
 * usage or input ({@link UsageException}), 3 a verdict could not be reached (time-out).
 */
public interface Command {
    int OK = 0;
    int VIOLATION = 1;
    int USAGE = 2;
    int UNKNOWN = 3;

    String name();

    /** One line for the command list. */
    String summary();

    int run(List<String> args, PrintStream out, PrintStream err);
}
