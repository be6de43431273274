package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryFormat;
import org.mpsharness.model.history.HistoryFormatException;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Verdict;
import org.mpsharness.model.spec.SpecRegistry;

/**
 * {@code ./harness history --spec NAME [--format jsonl|jepsen-etcd|jepsen-kv] [--timeout SECONDS] FILE...}: checks
 * recorded histories for linearizability against a spec, and prints one verdict per file, with the failing window for
 * a violation.
 *
 * <p>Every file is read and validated before any is checked, so that bad input (exit 2, one line naming the file and
 * line) is never mixed with verdicts. Exit 1 when some file is not linearizable, else 3 when some verdict could not be
 * reached in the time limit (never reported as a pass), else 0.
 */
public final class HistoryCommand implements Command {
    static final String USAGE = "usage: ./harness history --spec NAME [--format jsonl|jepsen-etcd|jepsen-kv]"
            + " [--timeout SECONDS] FILE...";

    private final SpecRegistry specs;

    public HistoryCommand() {
        this(SpecRegistry.standard());
    }

    /** With a registry that knows more specs than the built-in ones. */
    public HistoryCommand(SpecRegistry specs) {
        this.specs = specs;
    }

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String summary() {
        return "check recorded histories for linearizability (--spec NAME [--format F] [--timeout S] FILE...)";
    }

    private record Options(Spec<?> spec, HistoryFormat format, Duration timeout, List<Path> files) {
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = parse(args);
        List<History> histories = new ArrayList<>();
        for (Path file : o.files()) {
            History h = read(o.format(), file);
            validate(o.spec(), h);
            histories.add(h);
        }
        LinearizabilityChecker checker = new LinearizabilityChecker().withTimeLimit(o.timeout());
        boolean violation = false;
        boolean unknown = false;
        for (History h : histories) {
            CheckResult result;
            try {
                result = checker.check(o.spec(), h.operations());
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new UsageException(h.source() + ": spec '" + o.spec().name() + "' cannot handle an operation: "
                        + e.getMessage());
            }
            out.println(h.source() + ": " + result.summary());
            if (result.verdict() == Verdict.VIOLATION) {
                violation = true;
                result.window().ifPresent(w -> {
                    out.println("  (positions are line numbers in " + h.source() + ")");
                    w.report().lines().forEach(line -> out.println("  " + line));
                });
            } else if (result.verdict() == Verdict.UNKNOWN) {
                unknown = true;
            }
        }
        return violation ? VIOLATION : unknown ? UNKNOWN : OK;
    }

    private Options parse(List<String> args) {
        Spec<?> spec = null;
        HistoryFormat format = HistoryFormat.JSONL;
        Duration timeout = LinearizabilityChecker.DEFAULT_TIME_LIMIT;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--spec" -> {
                    String name = value(args, ++i, a);
                    spec = lookup(() -> specs.require(name));
                }
                case "--format" -> {
                    String id = value(args, ++i, a);
                    format = lookup(() -> HistoryFormat.byId(id));
                }
                case "--timeout" -> timeout = seconds(value(args, ++i, a));
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option '" + a + "' (" + USAGE + ")");
                    }
                    files.add(Path.of(a));
                }
            }
        }
        if (spec == null) {
            throw new UsageException("--spec is required (known: " + String.join(", ", specs.names()) + "); "
                    + USAGE);
        }
        if (files.isEmpty()) {
            throw new UsageException("no history file given; " + USAGE);
        }
        return new Options(spec, format, timeout, files);
    }

    private interface Lookup<T> {
        T get();
    }

    private static <T> T lookup(Lookup<T> lookup) {
        try {
            return lookup.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value; " + USAGE);
        }
        return args.get(i);
    }

    private static Duration seconds(String text) {
        double s;
        try {
            s = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            s = -1;
        }
        if (!(s >= 0) || s > 1e9) {
            throw new UsageException("--timeout needs a number of seconds (0 or more), not '" + text + "'");
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    private static History read(HistoryFormat format, Path file) {
        if (Files.isDirectory(file)) {
            throw new UsageException(file + ": is a directory, not a history file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such file");
        }
        try {
            return format.read(file);
        } catch (HistoryFormatException e) {
            throw new UsageException(e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Spec-level validation, reported at the line of the operation's invocation. */
    private static void validate(Spec<?> spec, History h) {
        for (Operation op : h.operations()) {
            try {
                spec.validate(op);
            } catch (IllegalArgumentException e) {
                throw new UsageException(h.source() + ":" + op.call() + ": " + e.getMessage());
            }
        }
    }
}
