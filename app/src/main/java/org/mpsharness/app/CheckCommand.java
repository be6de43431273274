package org.mpsharness.app;

import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckSuite;
import org.mpsharness.model.check.Component;

/**
 * {@code ./harness check --design CLASS [--jar FILE]}: runs every applicable check (contract, workload, recorded
 * history, Lincheck stress and model checking) on a user's implementation of one of the public interfaces, loaded
 * from the classpath or a jar. Exit 0 when all pass, 1 when one fails (its trace is printed), 2 for bad usage.
 */
public final class CheckCommand implements Command {

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "every check on a design: check --design fully.qualified.ClassName [--jar FILE] [--thorough] "
                + "(a SlotFreelist, OncePerSlot, CommitGate, StreamPool or CachingAllocator)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = new Options(args, Set.of("design", "jar"), Set.of("thorough"));
        String name = o.get("design", null);
        if (name == null || !o.positional().isEmpty()) {
            throw new UsageException("usage: check --design fully.qualified.ClassName [--jar FILE] [--thorough]");
        }
        if (o.flag("thorough")) {
            System.setProperty("harness.thorough", "true");
        }
        Class<?> impl = load(name, o.get("jar", null));
        Component c = Component.of(impl);
        if (c == null) {
            throw new UsageException(name + " implements none of SlotFreelist, OncePerSlot, CommitGate, StreamPool, "
                    + "CachingAllocator");
        }
        out.printf("checking %s as %s (constructor %s)%n", name, c, c.constructor());
        List<CheckOutcome> results;
        try {
            results = new CheckSuite().run(impl);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        boolean ok = true;
        for (CheckOutcome r : results) {
            out.printf("  %-26s %-5s %6.1f s%n", r.check(), r.verdict(), r.nanos() / 1e9);
            if (r.failed()) {
                ok = false;
                out.println(r.shortTrace(120).indent(6));
            }
        }
        out.println(ok ? "OK: every check passed" : "FAILED: see the trace above");
        return ok ? OK : VIOLATION;
    }

    private static Class<?> load(String name, String jar) {
        ClassLoader loader = CheckCommand.class.getClassLoader();
        if (jar != null) {
            Path p = Path.of(jar);
            if (!Files.isRegularFile(p)) {
                throw new UsageException("no such jar: " + jar);
            }
            try {
                loader = new URLClassLoader(new URL[] {p.toUri().toURL()}, loader);
            } catch (MalformedURLException e) {
                throw new UsageException("bad jar path: " + jar);
            }
        }
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new UsageException("class not found: " + name + (jar == null ? " (give its jar with --jar)" : " in "
                    + jar));
        } catch (LinkageError e) {
            throw new UsageException("cannot load " + name + ": " + e);
        }
    }
}
