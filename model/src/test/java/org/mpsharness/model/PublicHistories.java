package org.mpsharness.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the public linearizability histories (Jepsen etcd and kv logs with known verdicts) through the system
 * property {@code harness.benchmarks.dir}. They are not part of the repository; where they are absent, as on a fresh
 * clone, tests that need them are skipped with a message naming the path that was looked for.
 */
public final class PublicHistories {
    private PublicHistories() {
    }

    /** {@code <benchmarks>/linearizability}, or null when the property is unset. */
    public static Path root() {
        String dir = System.getProperty("harness.benchmarks.dir");
        return dir == null || dir.isBlank() ? null : Path.of(dir).resolve("linearizability").normalize();
    }

    /** A directory under the root; skips the calling test when it is missing. */
    public static Path require(String sub) {
        Path root = root();
        assumeTrue(root != null, "public histories not configured: system property harness.benchmarks.dir is unset");
        Path dir = root.resolve(sub);
        assumeTrue(Files.isDirectory(dir), "public histories absent: " + dir + " does not exist");
        return dir;
    }

    /** One etcd log with its expected verdict from verdicts.tsv. */
    public record EtcdCase(Path log, boolean linearizable) {
        @Override
        public String toString() {
            return log.getFileName() + (linearizable ? " (linearizable)" : " (not linearizable)");
        }
    }

    /**
     * The etcd cases listed in verdicts.tsv; when the data is absent, a single null placeholder so that a
     * parameterized test runs once and skips with the reason (an empty source would fail instead).
     */
    public static Stream<EtcdCase> etcdCases() {
        Path root = root();
        Path tsv = root == null ? null : root.resolve("jepsen-etcd/verdicts.tsv");
        if (tsv == null || !Files.isRegularFile(tsv)) {
            return Stream.of((EtcdCase) null);
        }
        List<EtcdCase> cases = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(tsv)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 2 || !(cols[1].equals("linearizable") || cols[1].equals("not-linearizable"))) {
                    throw new IllegalStateException(tsv + ": unexpected line '" + line + "'");
                }
                cases.add(new EtcdCase(tsv.resolveSibling(cols[0]), cols[1].equals("linearizable")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases.stream();
    }

    /** Skips the calling test when the etcd data is absent (the placeholder case). */
    public static EtcdCase requireCase(EtcdCase c) {
        if (c == null) {
            require("jepsen-etcd/verdicts.tsv");
        }
        assumeTrue(c != null, "public histories absent");
        return c;
    }

    /** The kv log files by name: c01-ok ... c50-bad; a null placeholder when absent. */
    public static Stream<String> kvNames() {
        Path root = root();
        if (root == null || !Files.isDirectory(root.resolve("kv"))) {
            return Stream.of((String) null);
        }
        try (Stream<Path> files = Files.list(root.resolve("kv"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("c\\d+-(ok|bad)\\.txt"))
                    .sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kv file for a name from {@link #kvNames()}, skipping when the data is absent. */
    public static Path requireKv(String name) {
        Path dir = require("kv");
        assumeTrue(name != null, "public histories absent: no kv logs in " + dir);
        return dir.resolve(name);
    }

    /** The verdict a kv file name promises: {@code -ok} linearizable, {@code -bad} not. */
    public static boolean kvExpectedLinearizable(String name) {
        if (name.endsWith("-ok.txt")) {
            return true;
        }
        if (name.endsWith("-bad.txt")) {
            return false;
        }
        throw new IllegalArgumentException("kv file name says no verdict: " + name);
    }
}
