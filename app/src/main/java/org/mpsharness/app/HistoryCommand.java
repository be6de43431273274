package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryDecider;
import org.mpsharness.model.history.HistoryFormat;
import org.mpsharness.model.history.HistoryFormatException;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Verdict;
import org.mpsharness.model.spec.SpecRegistry;

/**
 * {@code ./harness history --spec NAME [--format jsonl|jepsen-etcd|jepsen-kv] [--timeout SECONDS] FILE...}: checks
 * recorded histories for linearizability against a spec, and prints one verdict per file, with the failing window for
 * a violation.
 *
 * <p>Every file is read and validated ({@link HistoryDecider#validate}) before any is decided, so that bad input (exit
 * 2, one line naming the file and line; a file without operations is bad input too) is never mixed with verdicts.
 * Exit 1 when some file is not linearizable, else 3 when some verdict could not be reached within the time limit or
 * the heap (never reported as a pass, and a heap that runs out is never a violation), else 0.
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
            History h;
            try {
                h = read(o.format(), file);
            } catch (OutOfMemoryError e) {
                histories.clear();
                err.println("harness history: " + outOfMemory("reading", file.toString()));
                return UNKNOWN;
            }
            validate(o.spec(), h);
            histories.add(h);
        }
        HistoryDecider decider = new HistoryDecider(new LinearizabilityChecker().withTimeLimit(o.timeout()));
        boolean violation = false;
        boolean unknown = false;
        for (int i = 0; i < histories.size(); i++) {
            History h = histories.get(i);
            histories.set(i, null); // a decided history is garbage: the next one may need the heap
            CheckResult result;
            try {
                result = decider.decide(h, o.spec());
            } catch (HistoryFormatException e) {
                throw new UsageException(e.getMessage());
            } catch (OutOfMemoryError e) {
                result = null; // outside the search (the checker catches its own): the same answer
            }
            if (result == null || result.verdict() == Verdict.UNKNOWN && result.outOfMemory()) {
                out.println(h.source() + ": " + (result == null ? "UNKNOWN: out of memory" : result.summary()));
                out.println("  " + outOfMemory("deciding", h.source()));
                unknown = true;
                continue;
            }
            out.println(h.source() + ": " + result.summary());
            if (result.verdict() == Verdict.VIOLATION) {
                violation = true;
                result.window().ifPresent(w -> {
                    out.println("  (positions are line numbers in " + h.source() + ")");
                    w.report().lines().forEach(line -> out.println("  " + line));
                });
                if (result.window().isEmpty() && result.outOfMemory()) {
                    out.println("  (no violation window: out of memory while computing it)");
                }
            } else if (result.verdict() == Verdict.UNKNOWN) {
                unknown = true;
            }
        }
        return violation ? VIOLATION : unknown ? UNKNOWN : OK;
    }

    /** The hint for a heap that ran out: what to do about it, with the limit this JVM had. */
    static String outOfMemory(String doing, String source) {
        return String.format(Locale.ROOT, "out of memory %s %s (heap limit %d MiB): split the history into smaller"
                + " files, or raise the heap, e.g. HARNESS_JAVA_OPTS=-Xmx8g ./harness history ...", doing, source,
                Runtime.getRuntime().maxMemory() >> 20);
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

    /** No operations, or one the spec rejects: bad input, reported before any file is decided. */
    private static void validate(Spec<?> spec, History h) {
        try {
            HistoryDecider.validate(h, spec);
        } catch (HistoryFormatException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
