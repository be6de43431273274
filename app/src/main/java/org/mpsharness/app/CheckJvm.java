package org.mpsharness.app;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mpsharness.model.check.CheckMain;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckOutcome.Verdict;
import org.mpsharness.model.check.CheckProtocol;

/**
 * Runs the checks of one design in child JVMs ({@link CheckMain}) with the harness's class path plus the user's jar,
 * and turns what they report — or how they ended — into one verdict per check.
 *
 * <p>How a child's end is read: after {@code done} all is well; a check that {@code start}ed without a {@code verdict}
 * was running when the design ended the JVM (System.exit, a halt, a crash): that check FAILs. After a time-out the
 * child halts by design. In both cases a fresh child runs the checks that have no verdict yet, so one bad check does
 * not hide the others. The parent also enforces the limit itself: a child that reports nothing for the time limit plus
 * {@link #GRACE} is killed and its running check is a TIMEOUT (without the thread dump the child would have taken).
 */
final class CheckJvm {
    /** Beyond a check's time limit, how long the parent waits for the child's own time-out report before killing it. */
    static final Duration GRACE = Duration.ofSeconds(30);
    /** Marks the end of a child's output in the reader's queue. */
    private static final String EOF = "\u0000eof";

    /** What the child JVMs said, for the command to print as it comes. */
    interface Listener {
        void design(String component, String constructor, List<String> checks);

        void verdict(CheckOutcome o);
    }

    /**
     * The outcome of a whole check run.
     *
     * @param unusable why the class cannot be checked (exit 2), or null
     * @param outcomes one per check that ran (or was running when its JVM ended)
     * @param log      the children's standard error, kept for the user when something did not pass
     */
    record Result(String unusable, List<CheckOutcome> outcomes, Path log) {
    }

    private final List<String> classPath;
    private final boolean thorough;
    private final Duration limit;
    private final Path workDir;
    private final Listener listener;

    /**
     * @param userJar  the user's jar, appended to the harness's class path (null: none)
     * @param thorough the checks' thorough mode (else quick)
     * @param limit    the time limit of each check
     * @param workDir  where the children's log (and a crash's hs_err file) go
     */
    CheckJvm(Path userJar, boolean thorough, Duration limit, Path workDir, Listener listener) {
        this.classPath = classPath(userJar);
        this.thorough = thorough;
        this.limit = limit;
        this.workDir = workDir;
        this.listener = listener;
    }

    /**
     * The running harness's class path (as the JVM was given it, and wherever the harness classes themselves came
     * from, e.g. the jar {@code ./harness} was started from), then the user's jar.
     */
    static List<String> classPath(Path userJar) {
        Set<String> cp = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        for (Class<?> c : List.of(CheckMain.class, CheckJvm.class)) {
            var src = c.getProtectionDomain().getCodeSource();
            if (src != null && src.getLocation() != null && "file".equals(src.getLocation().getProtocol())) {
                cp.add(Path.of(java.net.URI.create(src.getLocation().toString())).toAbsolutePath().toString());
            }
        }
        if (userJar != null) {
            cp.add(userJar.toAbsolutePath().toString());
        }
        return new ArrayList<>(cp);
    }

    Result run(String design) {
        Path log = workDir.resolve("check-jvm.log");
        List<CheckOutcome> outcomes = new ArrayList<>();
        List<String> remaining = null;
        while (true) {
            Child c = new Child(design, remaining, log);
            c.await();
            outcomes.addAll(c.outcomes);
            if (c.unusable != null) {
                return new Result(c.unusable, outcomes, log);
            }
            if (remaining == null) {
                if (c.checks == null) {
                    return c.endedBeforeChecks(design, outcomes, log);
                }
                remaining = new ArrayList<>(c.checks);
            }
            for (CheckOutcome o : c.outcomes) {
                remaining.remove(o.check());
            }
            if (c.done || remaining.isEmpty()) {
                return new Result(null, outcomes, log);
            }
            if (c.killed || c.lastVerdict != Verdict.TIMEOUT || c.running != null) {
                // ended unexpectedly (the design ended the JVM) or killed for silence: blame the running check
                String culprit = c.running != null ? c.running : remaining.get(0);
                CheckOutcome o = c.killed ? c.silence(culprit) : new CheckOutcome(culprit, Verdict.FAIL,
                        endText(c.status, culprit), c.nanos());
                outcomes.add(o);
                listener.verdict(o);
                remaining.remove(culprit);
            }
            // else: the child halted after a time-out, as it should; a fresh one runs the rest
            if (remaining.isEmpty()) {
                return new Result(null, outcomes, log);
            }
        }
    }

    /** One child JVM, from start to end. */
    private final class Child {
        final List<CheckOutcome> outcomes = new ArrayList<>();
        /** The applicable checks, once the class is loaded. */
        List<String> checks;
        String unusable;
        /** The check (or {@link CheckProtocol#LOAD}) that started and has no verdict yet. */
        String running;
        boolean done;
        /** Killed by the parent for reporting nothing beyond the time limit. */
        boolean killed;
        Verdict lastVerdict;
        int status;
        /** The first child of the run (the later ones run the checks left after a time-out or an exit). */
        private final boolean first;
        private final Process process;
        private final long started = System.nanoTime();

        Child(String design, List<String> only, Path log) {
            this.first = only == null;
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmOptions());
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, classPath));
            cmd.add(CheckMain.class.getName());
            cmd.addAll(List.of("--design", design, "--time-limit", Long.toString(limit.toSeconds())));
            if (only != null) {
                cmd.addAll(List.of("--checks", String.join(",", only)));
            }
            try {
                process = Children.start(new ProcessBuilder(cmd).redirectError(
                        ProcessBuilder.Redirect.appendTo(log.toFile())));
                process.getOutputStream().close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the check JVM: " + e.getMessage(), e);
            }
        }

        long nanos() {
            return System.nanoTime() - started;
        }

        /** Reads the child's events until it ends (or kills it when it stays silent too long), then its status. */
        void await() {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the child is gone: its exit status says how
                } finally {
                    lines.add(EOF);
                }
            }, "check-jvm-reader");
            reader.setDaemon(true);
            reader.start();
            Thread killer = new Thread(process::destroyForcibly, "check-jvm-killer");
            Runtime.getRuntime().addShutdownHook(killer);
            try {
                long silentSince = System.nanoTime();
                for (String line; !EOF.equals(line = lines.poll(200, TimeUnit.MILLISECONDS)); ) {
                    if (line != null) {
                        handle(CheckProtocol.parse(line));
                        silentSince = System.nanoTime();
                    } else if (System.nanoTime() - silentSince > limit.plus(GRACE).toNanos()) {
                        killed = true;
                        process.destroyForcibly();
                        break;
                    }
                }
                status = process.waitFor();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking", e);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(killer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook kills the child anyway
                }
            }
        }

        private void handle(CheckProtocol.Event e) {
            if (e == null) {
                return;
            }
            switch (e.type()) {
                case "start" -> running = e.text("check");
                case "design" -> {
                    checks = e.list("checks");
                    if (first) {
                        listener.design(e.text("component"), e.text("constructor"), checks);
                    }
                }
                case "unusable" -> unusable = e.text("message");
                case "verdict" -> {
                    CheckOutcome o = e.outcome();
                    running = null;
                    lastVerdict = o.verdict();
                    outcomes.add(o);
                    listener.verdict(o);
                }
                case "done" -> done = true;
                default -> {
                    // an event this parent does not know: nothing to do with it
                }
            }
        }

        CheckOutcome silence(String check) {
            return new CheckOutcome(check, Verdict.TIMEOUT, "the check JVM reported nothing for "
                    + limit.plus(GRACE).toSeconds() + " s (time limit " + limit.toSeconds() + " s) and was killed, "
                    + "so there is no thread dump", nanos());
        }

        /** The result when the JVM ended before it named the class's checks. */
        Result endedBeforeChecks(String design, List<CheckOutcome> outcomes, Path log) {
            if (lastVerdict == Verdict.TIMEOUT) {
                return new Result(null, outcomes, log); // loading timed out: the outcome says so
            }
            CheckOutcome o;
            if (killed) {
                o = silence(CheckProtocol.LOAD);
            } else if (CheckProtocol.LOAD.equals(running)) {
                return new Result("loading " + design + " ended the check JVM (" + statusText(status)
                        + "): its static initializer exits, halts or crashes the JVM", outcomes, log);
            } else {
                o = new CheckOutcome(CheckProtocol.LOAD, Verdict.ERROR, "the check JVM ended before it loaded "
                        + design + " (" + statusText(status) + "); see its output in " + log, nanos());
            }
            outcomes.add(o);
            listener.verdict(o);
            return new Result(null, outcomes, log);
        }
    }

    static String endText(int status, String check) {
        return "the design ended the JVM during the check '" + check + "' (" + statusText(status) + ")";
    }

    static String statusText(int status) {
        if (status > 128 && status < 160) {
            return "exit status " + status + ": killed by signal " + (status - 128)
                    + (status == 137 ? ", perhaps for lack of memory" : status == 134 ? ", a JVM crash" : "");
        }
        return "exit status " + status;
    }

    /** The parent's heap settings and harness.* properties, the mode, and crash files in the work directory. */
    private List<String> jvmOptions() {
        List<String> opts = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss")) {
                opts.add(a);
            }
        }
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            String k = p.getKey().toString();
            if (k.startsWith("harness.") && !k.equals("harness.thorough")) {
                opts.add("-D" + k + "=" + p.getValue());
            }
        }
        opts.add("-Dharness.thorough=" + thorough);
        opts.add("-XX:ErrorFile=" + workDir.resolve("hs_err_pid%p.log"));
        return opts;
    }

    /** Creates the work directory of one run. */
    static Path workDir() {
        try {
            return Files.createTempDirectory("harness-check-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }
}
