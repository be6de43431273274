package org.mpsharness.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The committed results fixture (src/test/resources/report-fixture), copied where a test may write plots. */
final class ReportFixture {
    private ReportFixture() {
    }

    static Path copyTo(Path dir) {
        try {
            Path src = Path.of(ReportFixture.class.getResource("/report-fixture").toURI());
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : s.toList()) {
                    Path to = dir.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
