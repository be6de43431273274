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
import java.util.concurrent.Callable;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryDecider;
import org.mpsharness.model.history.HistoryFormat;
import org.mpsharness.model.history.HistoryFormatException;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Verdict;
import org.mpsharness.model.spec.SpecRegistry;
import picocli.CommandLine;

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
@CommandLine.Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check recorded histories for linearizability against a spec; one verdict per file, with the "
                + "failing window for a violation.")
public final class HistoryCommand implements Callable<Integer> {
    private final SpecRegistry specs;
    private final Harness h;

    @CommandLine.Option(names = "--spec", paramLabel = "NAME", description = "stream-pool, allocator, once-per-slot, "
            + "commit-gate, register, kv, kv-whole")
    String specName;
    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl|jepsen-etcd|jepsen-kv (default: ${DEFAULT-VALUE})")
    String formatId;
    @CommandLine.Option(names = "--timeout", paramLabel = "SECONDS", description = "time limit per history, "
            + "0 or more (default: 60)")
    String timeoutText;
    @CommandLine.Parameters(paramLabel = "FILE", arity = "0..*", description = "history files")
    List<Path> files = new ArrayList<>();
    @CommandLine.Mixin
    OutputOptions output;

    HistoryCommand(Harness h) {
        this(h, SpecRegistry.standard());
    }

    /** With a registry that knows more specs than the built-in ones. */
    HistoryCommand(Harness h, SpecRegistry specs) {
        this.h = h;
        this.specs = specs;
    }

    private record Options(Spec<?> spec, HistoryFormat format, Duration timeout, List<Path> files) {
    }

    @Override
    public Integer call() {
        Options o = parse();
        try (Session s = h.session("history", output, null)) {
            return s.finish(run(o, s, h.out, h.err));
        }
    }

    private int run(Options o, Session s, PrintStream out, PrintStream err) {
        List<History> histories = new ArrayList<>();
        for (Path file : o.files()) {
            History h;
            try {
                h = read(o.format(), file);
            } catch (OutOfMemoryError e) {
                histories.clear();
                err.println("harness history: " + outOfMemory("reading", file.toString()));
                return Command.UNKNOWN;
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
                s.results().history(new ResultsDoc.HistoryVerdict(h.source(), specName, "UNKNOWN",
                        result == null ? 0 : result.operations(), null));
                unknown = true;
                continue;
            }
            out.println(h.source() + ": " + result.summary());
            String window = null;
            if (result.verdict() == Verdict.VIOLATION) {
                violation = true;
                if (result.window().isPresent()) {
                    window = result.window().get().report();
                    out.println("  (positions are line numbers in " + h.source() + ")");
                    window.lines().forEach(line -> out.println("  " + line));
                }
                if (result.window().isEmpty() && result.outOfMemory()) {
                    out.println("  (no violation window: out of memory while computing it)");
                }
            } else if (result.verdict() == Verdict.UNKNOWN) {
                unknown = true;
            }
            s.results().history(new ResultsDoc.HistoryVerdict(h.source(), specName, result.verdict().name(),
                    result.operations(), window));
        }
        return violation ? Command.VIOLATION : unknown ? Command.UNKNOWN : Command.OK;
    }

    /** The hint for a heap that ran out: what to do about it, with the limit this JVM had. */
    static String outOfMemory(String doing, String source) {
        return String.format(Locale.ROOT, "out of memory %s %s (heap limit %d MiB): split the history into smaller"
                + " files, or raise the heap, e.g. HARNESS_JAVA_OPTS=-Xmx8g ./harness history ...", doing, source,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private Options parse() {
        if (specName == null) {
            throw new UsageException("--spec is required (known: " + String.join(", ", specs.names()) + ")");
        }
        Spec<?> spec = lookup(() -> specs.require(specName));
        HistoryFormat format = lookup(() -> HistoryFormat.byId(formatId));
        Duration timeout = timeoutText == null ? LinearizabilityChecker.DEFAULT_TIME_LIMIT : seconds(timeoutText);
        if (files.isEmpty()) {
            throw new UsageException("no history file given");
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
