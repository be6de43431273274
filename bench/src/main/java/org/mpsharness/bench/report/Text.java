package org.mpsharness.bench.report;

/** The fixed prose of docs/performance.md: what is measured and how to read it (the figures come from the JSON). */
final class Text {
    private Text() {
    }

    static final String INTRO = """
            Every figure below is generated from the raw JSON beside it (JMH's own JSON for `bench jmh`, the same
            shape for `bench alloc`), with the date, machine, commit and command of the run that measured it. Ratios
            compare points of one run only. Runs on the 2-core build machine are labelled as such and support no
            scaling claim; the scaling targets are decided only where 16 threads were measured.

            To measure on the GPU host (one call of at most 10 minutes; see `scripts/gpu-run.sh`):

            ```
            scripts/gpu-run.sh prepare             # here: jars, a jlinked runtime (.jre/, .carry/)
            scripts/gpu-run.sh run OUTDIR          # there: every figure as JSON, packed into OUTDIR/results.tar.gz
            scripts/gpu-run.sh profile OUTDIR      # there: JFR of bench alloc, improved design, 1 and 16 threads
            ```

            then unpack into `docs/results/<date>-<machine>/` and regenerate this page:
            `./harness bench report --results docs/results --out docs/performance.md`.

            """;

    static final String ALLOC = """
            Each thread owns a stream; sizes 80% 512 B–1 MiB, 20% 2–32 MiB (powers of two); 8 live blocks per thread,
            slot `i % 8` freed then allocated again; one op = one alloc + one free; best of the timed windows after a
            warm-up (every window is in the JSON's `rawData`). Rows: our designs (`baseline`, `improved`, and
            `baseline+N` = the baseline with improvement N alone), `bound` (bare thread-local free lists, same size
            mix, no device: what Java bookkeeping alone can do), `pytorch` (PyTorch's CUDACachingAllocator,
            `bench/src/main/cpp/torch_alloc_bench.cpp`) and `cuMemAllocAsync` (CUDA's stream-ordered pool, release
            threshold UINT64_MAX, a non-blocking stream per thread).

            """;

    static final String JMH = """
            JMH throughput summed over the measuring threads, ± JMH's 99.9% error as a share of the score; a
            non-baseline cell shows its ratio to the baseline at the same thread count.

            """;

    static final String ABLATION = """
            The baseline with exactly one improvement switched on (`baseline+N`, `DesignSet.ablations()`), over the
            baseline, on each benchmark where it was measured, beside the improved design (all five).

            """;

    static final String PROFILES = """
            JFR summaries of `bench alloc` on the improved design (CPU samples by top frame, allocation by class,
            monitor and park events), made by `scripts/gpu-run.sh profile` (or at the end of `run`) on the run's
            machine; the first lines say how.

            """;
}
