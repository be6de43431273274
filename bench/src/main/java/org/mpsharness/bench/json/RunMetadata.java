package org.mpsharness.bench.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where and when a results file was measured, written beside it ({@code FILE.meta.json}) because JMH's own JSON has no
 * room for it: every figure in the docs names its date, machine, commit and the command that reproduces it.
 *
 * <p>The commit comes from the property {@code harness.commit} (scripts/gpu-run.sh passes what {@code prepare} recorded,
 * since the GPU host has the tree but no git), else {@code git rev-parse HEAD}, else {@code unknown}.
 *
 * @param label what the figures may be used for (e.g. "2-core build machine, not for scaling claims"), or empty
 */
public record RunMetadata(String date, String commit, String command, String label, Machine machine, String jvm) {

    /** The host: operating system, CPU model, cores the JVM sees, and the GPUs nvidia-smi lists (empty if none). */
    public record Machine(String os, String cpu, int cores, String gpu) {
    }

    /** The metadata of a run starting now, on this machine. */
    public static RunMetadata capture(String command, String label) {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        Machine m = new Machine(os, cpuModel(), Runtime.getRuntime().availableProcessors(), gpus());
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        return new RunMetadata(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), currentCommit(), command,
                label == null ? "" : label, m, jvm);
    }

    /** A command line as a shell would take it back: words with spaces or shell characters in single quotes. */
    public static String commandLine(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.matches("[A-Za-z0-9_./:=,+@%-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String gpus() {
        String out = firstLines(List.of("nvidia-smi", "--query-gpu=name,driver_version,memory.total",
                "--format=csv,noheader"));
        return out == null ? "" : out.replace('\n', ';');
    }

    private static String currentCommit() {
        String p = System.getProperty("harness.commit");
        if (p != null && !p.isBlank()) {
            return p.strip();
        }
        String git = firstLines(List.of("git", "rev-parse", "HEAD"));
        return git == null || git.isBlank() ? "unknown" : git;
    }

    /** The trimmed output of a command that exits 0 within 10 s, or null (absent, failed, hung). */
    private static String firstLines(List<String> command) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("harness-meta", ".txt");
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(tmp.toFile()).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? Files.readString(tmp, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
