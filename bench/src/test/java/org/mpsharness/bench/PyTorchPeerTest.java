package org.mpsharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch peer's seam: torch_alloc_bench.cpp, built with g++ against stand-in c10 headers (malloc underneath;
 * src/test/cpp/stub), prints JSON that {@code bench alloc} reads as one of its own rows. Skipped without g++. On the
 * GPU host the same source is built against the real PyTorch by scripts/gpu-run.sh.
 */
class PyTorchPeerTest {

    @Test
    void theCppBenchmarksJsonBecomesARow() throws Exception {
        Path exe = build();
        AllocBench.Point p = PyTorchPeer.contender(exe).run(2, 1, 2);
        assertThat(p.design()).isEqualTo("pytorch");
        assertThat(p.threads()).isEqualTo(2);
        assertThat(p.rounds()).hasSize(2).allSatisfy(w -> assertThat(w).isPositive());
        assertThat(p.opsPerSecond()).isEqualTo(p.rounds().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    @Test
    void aFailingExecutableIsNamed() throws Exception {
        Path bad = Files.createTempFile("not-torch", ".sh");
        Files.writeString(bad, "#!/bin/sh\necho broken >&2\nexit 3\n");
        bad.toFile().setExecutable(true);
        assertThatThrownBy(() -> PyTorchPeer.contender(bad).run(1, 1, 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("exited 3");
        Files.delete(bad);
    }

    private static Path build() throws IOException, InterruptedException {
        Path out = Path.of("target/cpp/torch_alloc_bench").toAbsolutePath();
        Files.createDirectories(out.getParent());
        List<String> cmd = List.of("g++", "-O1", "-std=c++17", "-Isrc/test/cpp/stub", "src/main/cpp/torch_alloc_bench.cpp",
                "-lpthread", "-o", out.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "g++ not found: " + e.getMessage());
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return out;
    }
}
