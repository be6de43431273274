package org.mpsharness.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mpsharness.bench.json.ResultFiles;
import org.mpsharness.bench.json.ResultRow;

/**
 * PyTorch's {@code CUDACachingAllocator} as a {@code bench alloc} row: runs {@code bench/src/main/cpp/torch_alloc_bench}
 * (built on the GPU host by scripts/gpu-run.sh, where PyTorch is) for one thread count and reads the JSON it prints,
 * which has the shape of ours. It runs in the same session as our designs, on the same workload and with the same
 * windows, so the ratios compare allocators on one machine at one moment.
 */
public final class PyTorchPeer {
    /** The row's name. */
    public static final String NAME = "pytorch";

    private PyTorchPeer() {
    }

    /** A contender that runs {@code exe SECONDS ROUNDS THREADS}; its stderr (a human-readable line) goes to ours. */
    public static AllocContender contender(Path exe) {
        return AllocContender.of(NAME, (threads, seconds, rounds) -> run(exe, threads, seconds, rounds));
    }

    static AllocBench.Point run(Path exe, int threads, double seconds, int rounds) throws IOException,
            InterruptedException {
        Path out = Files.createTempFile("torch-alloc", ".json");
        try {
            Process p = new ProcessBuilder(List.of(exe.toString(), Double.toString(seconds), Integer.toString(rounds),
                    Integer.toString(threads))).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            long limit = (long) ((rounds + 1) * seconds) + 120; // the windows, plus CUDA and PyTorch start-up
            if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(exe + " did not finish within " + limit + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(exe + " exited " + p.exitValue() + ": "
                        + firstLine(Files.readString(out, StandardCharsets.UTF_8)));
            }
            for (ResultRow r : ResultFiles.read(out)) {
                if (r.threads() == threads && !r.rawData().isEmpty()) {
                    return AllocBench.point(NAME, threads, r.rawData().get(0), List.of());
                }
            }
            throw new IOException(exe + " printed no result for " + threads + " threads");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String firstLine(String s) {
        List<String> lines = new ArrayList<>(s.strip().lines().toList());
        return lines.isEmpty() ? "(no output)" : lines.get(0);
    }
}
