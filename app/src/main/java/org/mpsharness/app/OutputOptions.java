package org.mpsharness.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command with results shares: where they go ({@code --json}, {@code --report}); and, for the
 * long ones, how progress shows ({@link ProgressOption}). Picocli mixins, so each command's help lists them in the
 * same words.
 */
public final class OutputOptions {
    @Option(names = "--json", paramLabel = "FILE", description = "write the results as JSON (docs/results-format.md), "
            + "rewritten as they come, so an interrupted run leaves what finished")
    Path json;

    @Option(names = "--report", paramLabel = "DIR", description = "write the report (index.html, summary.md, charts) "
            + "and results.json into DIR at the end, or at an interrupt")
    Path report;

    /** {@code --report} alone, for the commands whose {@code --json} has a shape of its own (bench's JMH files). */
    public static final class ReportOption {
        @Option(names = "--report", paramLabel = "DIR", description = "write the report (index.html, summary.md, "
                + "charts) and results.json into DIR at the end, or at an interrupt")
        Path report;
    }

    /** {@code --progress}, for the commands that run long. */
    public static final class ProgressOption {
        @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto", converter = ProgressMode.class,
                description = "auto|tty|plain|off: a status line on a terminal (auto: when there is one), plain "
                        + "lines on stderr otherwise (default: ${DEFAULT-VALUE})")
        Progress.Mode mode = Progress.Mode.AUTO;
    }

    /** {@code --progress}: the mode's name in lower case; anything else is a usage error naming the four. */
    static final class ProgressMode implements picocli.CommandLine.ITypeConverter<Progress.Mode> {
        @Override
        public Progress.Mode convert(String value) {
            for (Progress.Mode m : Progress.Mode.values()) {
                if (m.name().equalsIgnoreCase(value)) {
                    return m;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected auto, tty, plain or off (got '" + value
                    + "')");
        }
    }
}
