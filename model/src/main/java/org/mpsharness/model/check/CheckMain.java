package org.mpsharness.model.check;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.model.check.CheckOutcome.Verdict;

/**
 * The check JVM: {@code java -cp HARNESS:USER.jar org.mpsharness.model.check.CheckMain --design CLASS
 * [--checks a,b] [--time-limit SECONDS]}, started by {@code ./harness check}. It probes the class
 * ({@link DesignProbe}), then runs the selected checks (all applicable ones by default) one by one, each under its time
 * limit, and reports each step on standard output in the {@link CheckProtocol} as it happens.
 *
 * <p>Why a JVM of its own, with the user's jar on its class path: Lincheck's model checker, the workload and every
 * check then load the design through the application class loader, exactly as they load the built-in designs (with
 * the jar in a child class loader, Lincheck's model checker failed every class that touched its own fields). And the
 * design can do what it likes to this JVM: call System.exit, halt it, crash it, leave threads spinning; the parent
 * sees the JVM end and knows which check was running.
 *
 * <p>After a time-out the JVM halts at once (exit 3): the check's threads may still be spinning and would distort
 * every check after it. The parent starts a fresh JVM for the rest. Everything else the checks print (Lincheck's
 * warnings, the design's output) goes to standard error.
 */
public final class CheckMain {
    /** Exit status after every selected check reported. */
    public static final int DONE = 0;
    /** Exit status when the class cannot be checked (the {@code unusable} event says why). */
    public static final int UNUSABLE = 2;
    /** Exit status after a check (or the probe) ran out of time. */
    public static final int TIMED_OUT = 3;

    private final PrintStream channel;

    private CheckMain(PrintStream channel) {
        this.channel = channel;
    }

    public static void main(String[] args) {
        PrintStream channel = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        String design = null;
        List<String> only = null;
        Duration limit = CheckSuite.defaultTimeLimit();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--design" -> design = args[i + 1];
                case "--checks" -> only = Arrays.asList(args[i + 1].split(","));
                case "--time-limit" -> limit = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (design == null || args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: CheckMain --design CLASS [--checks a,b] [--time-limit S]");
        }
        int status = new CheckMain(channel).run(design, only, limit);
        channel.flush();
        System.err.flush();
        // halt, not exit: the design's non-daemon threads and shutdown hooks must not keep this JVM alive
        Runtime.getRuntime().halt(status);
    }

    int run(String name, List<String> only, Duration limit) {
        channel.println(CheckProtocol.start(CheckProtocol.LOAD));
        AtomicReference<DesignProbe.Result> probed = new AtomicReference<>();
        Thread loader = new Thread(() -> probed.set(DesignProbe.probe(name, ClassLoader.getSystemClassLoader())),
                "check-load");
        loader.setDaemon(true);
        loader.start();
        try {
            loader.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DesignProbe.Result r = probed.get();
        if (r == null) {
            channel.println(CheckProtocol.verdict(new CheckOutcome(CheckProtocol.LOAD, Verdict.TIMEOUT,
                    "loading " + name + " (its static initializer) did not finish within "
                            + BoundedRun.seconds(limit) + ":\n" + ThreadDump.of(Thread.currentThread(), name),
                    limit.toNanos())));
            return TIMED_OUT;
        }
        if (!r.usable()) {
            channel.println(CheckProtocol.unusable(r.problem()));
            return UNUSABLE;
        }
        CheckSuite suite = new CheckSuite().timeLimit(limit);
        List<String> applicable = suite.applicable(r.design());
        channel.println(CheckProtocol.design(r.component(), applicable));
        List<String> selected = new ArrayList<>(applicable);
        if (only != null) {
            selected.retainAll(only);
        }
        for (String check : selected) {
            channel.println(CheckProtocol.start(check));
            CheckOutcome o;
            try {
                o = suite.run(r.design(), check);
            } catch (Throwable t) { // the harness's own code failed around the check: never a verdict on the design
                StringWriter w = new StringWriter();
                t.printStackTrace(new PrintWriter(w));
                o = new CheckOutcome(check, Verdict.ERROR, "the harness failed while running this check (a defect "
                        + "of the harness, not a verdict on the design):\n" + w, 0);
            }
            channel.println(CheckProtocol.verdict(o));
            if (o.verdict() == Verdict.TIMEOUT) {
                return TIMED_OUT;
            }
        }
        channel.println(CheckProtocol.done());
        return DONE;
    }
}
