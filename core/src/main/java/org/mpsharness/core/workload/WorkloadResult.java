package org.mpsharness.core.workload;

import java.util.List;
import org.mpsharness.core.alloc.AllocatorStats;

/**
 * What one workload run measured and found.
 *
 * @param design       design set name
 * @param device       device name
 * @param threads      worker threads
 * @param ops          allocator operations (malloc + free)
 * @param nanos        wall time of the worker phase
 * @param violations   corrupted patterns, exceptions, device-reported misuse, id clashes
 * @param violationTexts the first violation texts
 * @param faults       device faults that ended a worker with a clear error (expected under fault injection)
 * @param leaks        what was not given back (slots, blocks, bytes, device objects); empty when clean
 * @param stats        allocator statistics after the run
 * @param commits      plain commits and commit-and-continues over all streams
 */
public record WorkloadResult(String design, String device, int threads, long ops, long nanos, long violations,
                             List<String> violationTexts, List<String> faults, List<String> leaks, AllocatorStats stats, long[] commits) {

    public double opsPerSecond() {
        return nanos == 0 ? 0 : ops * 1e9 / nanos;
    }

    public boolean clean() {
        return violations == 0 && leaks.isEmpty();
    }

    /** One summary line. */
    public String summary() {
        return String.format("%-9s %-5s threads %2d  ops %,10d  %6.2f s  %,12.0f ops/s  violations %d  leaks %d  "
                        + "faults %d  commits %,d  commit-and-continue %,d", design, device, threads, ops, nanos / 1e9,
                opsPerSecond(), violations, leaks.size(), faults.size(), commits[0], commits[1]);
    }
}
