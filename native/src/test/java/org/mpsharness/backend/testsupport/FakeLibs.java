package org.mpsharness.backend.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds the test doubles of native libraries (src/test/c/*.c) with gcc into target/fake-native/, once per JVM and
 * only when the source is newer than the library. Skips the calling test, with the reason, when gcc is missing or
 * the platform is not one the doubles support.
 */
public final class FakeLibs {
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private FakeLibs() {
    }

    /** Path of lib{@code name}.so built from src/test/c/{@code name}.c. */
    public static synchronized Path build(String name) {
        Path done = BUILT.get(name);
        if (done != null) {
            return done;
        }
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "the native test doubles are built for Linux only (os.name=" + System.getProperty("os.name") + ")");
        Path src = Paths.get("src/test/c", name + ".c").toAbsolutePath();
        assumeTrue(Files.isRegularFile(src), "test double source missing: " + src);
        Path out = Paths.get("target/fake-native", "lib" + name + ".so").toAbsolutePath();
        try {
            if (!Files.exists(out) || Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(src)) < 0) {
                Files.createDirectories(out.getParent());
                List<String> cmd = List.of("gcc", "-shared", "-fPIC", "-O2", "-g", "-Wall", "-Wextra",
                        "-Wno-unused-parameter", "-pthread", "-o", out.toString(), src.toString());
                Process p;
                try {
                    p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                } catch (IOException e) {
                    assumeTrue(false, "gcc not found, cannot build the " + name + " test double: " + e.getMessage());
                    return null;
                }
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("gcc failed for " + src + ":\n" + log);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("building " + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        BUILT.put(name, out);
        return out;
    }
}
