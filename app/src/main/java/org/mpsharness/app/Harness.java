package org.mpsharness.app;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of {@code ./harness}: the picocli command line over every subcommand. With no subcommand (or only
 * options) it runs the main job, {@code run}.
 *
 * <p>Every usage error, whether picocli's (unknown option, bad type, a single-valued option given twice — picocli
 * rejects that by default, and it stays so) or a command's own ({@link UsageException}: a range, a file, the
 * environment), is one line on standard error, {@code harness CMD: message (try: harness CMD --help)}, and exit code 2:
 * never the whole usage text, never a stack trace.
 */
@CommandLine.Command(name = "harness", mixinStandardHelpOptions = true, versionProvider = Harness.Version.class,
        subcommands = CommandLine.HelpCommand.class, synopsisSubcommandLabel = "[COMMAND]",
        description = "Concurrency checks, workloads and benchmarks of the MPS stream pool, once-per-slot creation, "
                + "caching allocator and commit gate. Without a command: run.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0    every check passed / every design ran clean",
            "  1    a check failed or a violation was found",
            "  2    bad usage or input (one line on stderr)",
            "  3    unknown: a time or memory budget ran out, or a check crashed in the harness",
            "  130  interrupted (Ctrl-C); partial results written (143 for SIGTERM)",
            "%nEvery command: harness COMMAND --help, or harness help COMMAND."})
public final class Harness implements Callable<Integer> {
    /** Options of {@code harness} itself; anything else that starts with '-' belongs to the default command. */
    private static final Set<String> OWN_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    final Map<String, String> env;
    final RunCommand.DeviceOpener devices;
    PrintStream out;
    PrintStream err;
    /** The command line as typed, {@code ./harness ...}, for the results' metadata. */
    List<String> words = List.of();

    public Harness() {
        this(System.getenv());
    }

    public Harness(Map<String, String> env) {
        this.env = env;
        this.devices = Harness::openDevice;
    }

    /** Opens a device by backend name; an unavailable backend is bad input: one clear line, exit code 2. */
    static org.mpsharness.core.device.Device openDevice(String backend) {
        try {
            return org.mpsharness.backend.Backends.open(backend, Map.of());
        } catch (org.mpsharness.backend.common.BackendUnavailableException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public static void main(String[] args) {
        int code = new Harness().run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; never throws for bad input (exit code 2 with one line). */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> a = withDefaultCommand(args);
        this.out = out;
        this.err = err;
        List<String> w = new ArrayList<>(List.of("./harness"));
        w.addAll(a);
        this.words = List.copyOf(w);
        return commandLine().execute(a.toArray(String[]::new));
    }

    /** {@code run} in front when no command is named (nothing, or only options of the default command). */
    private static List<String> withDefaultCommand(List<String> args) {
        List<String> a = new ArrayList<>(args);
        if (a.isEmpty() || a.get(0).startsWith("-") && !OWN_OPTIONS.contains(a.get(0))) {
            a.add(0, "run");
        }
        return a;
    }

    /** Parses a command line without running it (for tests of documented commands); bad usage throws. */
    CommandLine.ParseResult parse(List<String> args) {
        this.out = System.out;
        this.err = System.err;
        return commandLine().parseArgs(withDefaultCommand(args).toArray(String[]::new));
    }

    CommandLine commandLine() {
        CommandLine cl = new CommandLine(this);
        cl.addSubcommand(new RunCommand(this));
        cl.addSubcommand(new CheckCommand(this));
        cl.addSubcommand(new HistoryCommand(this));
        cl.addSubcommand(new StressCommand(this));
        cl.addSubcommand(new OomCommand(this));
        cl.addSubcommand(BenchCommand.withSubcommands(this));
        cl.addSubcommand(new ReportCommand(this));
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setUsageHelpWidth(110);
        cl.setOverwrittenOptionsAllowed(false); // picocli's default, stated: an option given twice is an error
        cl.setParameterExceptionHandler(this::usageError);
        cl.setExecutionExceptionHandler((e, sub, parsed) -> {
            if (e instanceof UsageException) {
                return usage(sub, e.getMessage());
            }
            err.println("harness " + name(sub) + ": unexpected error, a defect of the harness (please report it): "
                    + e);
            e.printStackTrace(err);
            return Command.UNKNOWN;
        });
        return cl;
    }

    private int usageError(ParameterException e, String[] args) {
        return usage(e.getCommandLine(), e.getMessage());
    }

    private int usage(CommandLine sub, String message) {
        String n = name(sub);
        String line = message == null ? "bad usage" : message.lines().findFirst().orElse("bad usage");
        err.println("harness " + n + ": " + line + " (try: harness " + n + " --help)");
        return Command.USAGE;
    }

    private static String name(CommandLine sub) {
        CommandSpec s = sub.getCommandSpec();
        String q = s.qualifiedName(" ");
        return q.startsWith("harness ") ? q.substring("harness ".length()) : q;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return Command.OK;
    }

    /** The project version (from the build) and the JVM. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Harness.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"harness " + p.getProperty("version", "(unknown version)") + ", Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }

    /**
     * {@code out} that erases the progress line before anything is printed, so that results never land on a status
     * line drawn on the same terminal.
     */
    static PrintStream clearing(PrintStream out, Progress progress) {
        if (progress.mode() != Progress.Mode.TTY) {
            return out;
        }
        return new PrintStream(new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                progress.clear();
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                progress.clear();
                out.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** For a command: its session with the shared output options. */
    Session session(String name, OutputOptions o, OutputOptions.ProgressOption p) {
        return session(name, o == null ? null : o.json, o == null ? null : o.report, p);
    }

    /** A session whose {@code --json} (if any) is the command's own, e.g. bench's JMH-shaped file. */
    Session session(String name, java.nio.file.Path json, java.nio.file.Path report, OutputOptions.ProgressOption p) {
        return new Session(name, words, json, report, p == null ? Progress.Mode.OFF : p.mode, err);
    }
}
