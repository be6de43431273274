package org.mpsharness.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ./harness}: dispatches to subcommands. With no subcommand it runs the main job (the workload
 * on the simulated device for the baseline and the improved designs).
 */
public final class Harness {
    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Harness() {
        this(System.getenv());
    }

    public Harness(Map<String, String> env) {
        for (Command c : List.<Command>of(new RunCommand(env, Harness::openDevice), new OomCommand(Harness::openDevice),
                new BenchCommand(Harness::openDevice), new HistoryCommand(), new CheckCommand(),
                new StressCommand())) {
            commands.put(c.name(), c);
        }
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
        List<String> rest = new ArrayList<>(args);
        String name = rest.isEmpty() || rest.get(0).startsWith("-") ? "run" : rest.remove(0);
        if (name.equals("help") || rest.contains("--help") || rest.contains("-h")) {
            usage(out);
            return Command.OK;
        }
        Command c = commands.get(name);
        if (c == null) {
            err.println("harness: unknown command '" + name + "' (try: ./harness help)");
            return Command.USAGE;
        }
        try {
            return c.run(rest, out, err);
        } catch (UsageException e) {
            err.println("harness " + name + ": " + e.getMessage());
            return Command.USAGE;
        }
    }

    private void usage(PrintStream out) {
        out.println("usage: ./harness [command] [options]");
        for (Command c : commands.values()) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
    }
}
