package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpsharness.app.result.Results;

/**
 * Every {@code ./harness} command in the README's code blocks is one the command line accepts as written; the cheap
 * ones of the tour (the two small runs and their report) run here and succeed. A README that names an option the
 * harness no longer has, or a command that fails, is caught before a newcomer copies it.
 */
class ReadmeTest {
    private static final Path README = Path.of(System.getProperty("harness.repo.dir", "..")).resolve("README.md");

    /** {@code `./harness ...`} in the text. */
    private static final java.util.regex.Pattern INLINE = java.util.regex.Pattern.compile("`(\\./harness[^`]*)`");

    /** The {@code ./harness ...} lines of the code blocks and the text, comments cut, as shell words (single quotes kept apart). */
    static List<List<String>> commands() throws IOException {
        List<List<String>> out = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            String l = line.strip();
            if (code && l.startsWith("./harness")) {
                int comment = l.indexOf("  #");
                out.add(words(comment < 0 ? l : l.substring(0, comment).strip()));
            } else if (!code) {
                java.util.regex.Matcher m = INLINE.matcher(line);
                while (m.find()) {
                    out.add(words(m.group(1)));
                }
            }
        }
        return out;
    }

    private static List<String> words(String line) {
        List<String> w = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    w.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            w.add(cur.toString());
        }
        return w.subList(1, w.size()); // without ./harness
    }

    @Test
    void everyReadmeCommandParses() throws IOException {
        List<List<String>> all = commands();
        assertThat(all).as("commands in " + README).hasSizeGreaterThan(15);
        for (List<String> c : all) {
            assertThatCode(() -> new Harness().parse(c)).as("./harness " + String.join(" ", c))
                    .doesNotThrowAnyException();
        }
    }

    /** The tour's report: two short runs and the report of both, as written, in a scratch folder. */
    @Test
    void theToursReportCommandsRun(@TempDir Path dir) throws IOException {
        List<List<String>> tour = commands().stream().filter(c -> c.contains("results") || c.contains("results/"
                + "run-t2.json") || c.stream().anyMatch(a -> a.startsWith("results/"))).toList();
        assertThat(tour).as("the tour's run and report commands").hasSize(3);
        for (List<String> c : tour) {
            List<String> args = new ArrayList<>();
            for (String a : c) {
                args.add(a.startsWith("results") || a.equals("report") && !args.isEmpty()
                        ? dir.resolve(a).toString() : a);
            }
            CliTest.Run r = CliTest.harness(args.toArray(String[]::new));
            assertThat(r.code()).as(args + "\n" + r.out() + r.err()).isEqualTo(Command.OK);
        }
        assertThat(Results.read(dir.resolve("results/run-t4.json")).workloads()).hasSize(2);
        assertThat(dir.resolve("report/index.html")).isRegularFile();
        assertThat(dir.resolve("report/summary.md")).isRegularFile();
    }
}
