package org.mpsharness.app.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java runs exactly the memory orders the native port is told to use. In the packages that get ported (pool,
 * once, stream, alloc), every atomic access — a {@code VarHandle} call or a call on an {@code Atomic*} field — names
 * its C++ order in a {@code C++:} comment on its line (or the line above), and that order is the one the Java access
 * mode has: {@code getAcquire} is {@code acquire}, {@code setRelease} is {@code release}, {@code getOpaque} is
 * {@code relaxed}, a plain {@code VarHandle} get/set (a single writer's own value) is {@code relaxed}, a volatile
 * access, an {@code Atomic*} get/set or a read-modify-write without a suffix is {@code seq_cst}. Java has no
 * acq_rel read-modify-write, so a comment saying {@code acq_rel} next to a {@code compareAndSet} would have the checks
 * validate a stronger program than the one ported (issue 12): it must say {@code seq_cst}, or the Java must use the
 * {@code Acquire}/{@code Release} variant.
 *
 * <p>The table this enforces is docs/porting.md's "Java access → C++" table; {@link #EXPECTED} is its source.
 */
class MemoryOrderTest {
    private static final List<String> PORTED = List.of("pool", "once", "stream", "alloc");
    private static final Pattern VARHANDLE_DECL = Pattern.compile("\\bVarHandle\\s+([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern ATOMIC_DECL = Pattern.compile(
            "\\b(?:Atomic(?:Integer|Long|Reference|Boolean|IntegerArray|LongArray|ReferenceArray))(?:<[^>]*>)?\\s+"
                    + "(\\w+)\\s*[=;]");
    private static final Pattern ORDER = Pattern.compile("seq_cst|acq_rel|acquire|release|relaxed|consume");

    /** Java access mode (method name) -> the C++ order it is. Methods not listed are not memory accesses. */
    static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("get", "seq_cst"), Map.entry("set", "seq_cst"),
            Map.entry("getVolatile", "seq_cst"), Map.entry("setVolatile", "seq_cst"),
            Map.entry("getPlain", "relaxed"), Map.entry("setPlain", "relaxed"),
            Map.entry("getOpaque", "relaxed"), Map.entry("setOpaque", "relaxed"),
            Map.entry("getAcquire", "acquire"), Map.entry("setRelease", "release"), Map.entry("lazySet", "release"),
            Map.entry("compareAndSet", "seq_cst"), Map.entry("compareAndExchange", "seq_cst"),
            Map.entry("compareAndExchangeAcquire", "acquire"), Map.entry("compareAndExchangeRelease", "release"),
            Map.entry("weakCompareAndSet", "seq_cst"), Map.entry("weakCompareAndSetVolatile", "seq_cst"),
            Map.entry("weakCompareAndSetPlain", "relaxed"), Map.entry("weakCompareAndSetAcquire", "acquire"),
            Map.entry("weakCompareAndSetRelease", "release"),
            Map.entry("getAndAdd", "seq_cst"), Map.entry("getAndAddAcquire", "acquire"),
            Map.entry("getAndAddRelease", "release"), Map.entry("getAndSet", "seq_cst"),
            Map.entry("getAndSetAcquire", "acquire"), Map.entry("getAndSetRelease", "release"),
            Map.entry("getAndBitwiseOr", "seq_cst"), Map.entry("getAndBitwiseAnd", "seq_cst"),
            Map.entry("getAndBitwiseXor", "seq_cst"), Map.entry("getAndBitwiseOrRelease", "release"),
            Map.entry("getAndBitwiseOrAcquire", "acquire"), Map.entry("getAndBitwiseAndRelease", "release"),
            Map.entry("getAndBitwiseAndAcquire", "acquire"),
            Map.entry("incrementAndGet", "seq_cst"), Map.entry("decrementAndGet", "seq_cst"),
            Map.entry("getAndIncrement", "seq_cst"), Map.entry("getAndDecrement", "seq_cst"),
            Map.entry("addAndGet", "seq_cst"), Map.entry("updateAndGet", "seq_cst"),
            Map.entry("getAndUpdate", "seq_cst"), Map.entry("accumulateAndGet", "seq_cst"));

    /** One access that breaks the rule, with where and why. */
    static List<String> check(Path file, String text) {
        Set<String> receivers = new HashSet<>();
        Set<String> varHandles = new HashSet<>();
        Matcher d = VARHANDLE_DECL.matcher(text);
        while (d.find()) {
            receivers.add(d.group(1));
            varHandles.add(d.group(1));
        }
        Matcher a = ATOMIC_DECL.matcher(text);
        while (a.find()) {
            receivers.add(a.group(1));
        }
        List<String> out = new ArrayList<>();
        if (receivers.isEmpty()) {
            return out;
        }
        Pattern call = Pattern.compile("\\b(" + String.join("|", receivers) + ")\\.(\\w+)\\(");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String code = lines[i].replaceFirst("//.*", "");
            if (code.strip().startsWith("*")) {
                continue; // javadoc
            }
            Matcher m = call.matcher(code);
            while (m.find()) {
                boolean plainVarHandle = varHandles.contains(m.group(1))
                        && (m.group(2).equals("get") || m.group(2).equals("set"));
                String expected = plainVarHandle ? "relaxed" : EXPECTED.get(m.group(2));
                if (expected == null) {
                    continue; // length(), not an access
                }
                String where = file.getFileName() + ":" + (i + 1) + " " + m.group(1) + "." + m.group(2);
                String said = order(lines[i]);
                if (said == null && i > 0) {
                    said = order(lines[i - 1]);
                }
                if (said == null) {
                    out.add(where + ": no `C++:` comment naming its memory order (it is " + expected + ")");
                } else if (!said.equals(expected)) {
                    out.add(where + ": comment says " + said + " but the Java access is " + expected);
                }
            }
        }
        return out;
    }

    private static String order(String line) {
        int c = line.indexOf("C++");
        if (c < 0) {
            return null;
        }
        Matcher o = ORDER.matcher(line.substring(c));
        return o.find() ? o.group() : null;
    }

    @Test
    void everyAtomicAccessInPortedCodeNamesTheOrderItRuns() throws IOException {
        List<String> wrong = new ArrayList<>();
        int files = 0;
        for (String pkg : PORTED) {
            Path dir = PackageCyclesTest.repo().resolve("core/src/main/java/org/mpsharness/core").resolve(pkg);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    wrong.addAll(check(f, Files.readString(f)));
                    files++;
                }
            }
        }
        assertThat(files).isGreaterThan(20);
        assertThat(wrong).as("atomic accesses whose C++ order is missing or differs from what Java runs").isEmpty();
    }

    @Test
    void theRuleRejectsAMismatchAndAMissingComment() {
        String src = "class X {\n  private static final VarHandle V = null;\n"
                + "  void a() { V.compareAndSet(this, 0, 1); // C++: compare_exchange_strong(acq_rel)\n  }\n"
                + "  void b() { V.getAcquire(this); }\n"
                + "  void c() {\n    // C++: load(acquire)\n    V.getAcquire(this);\n  }\n}\n";
        List<String> r = check(Path.of("X.java"), src);
        assertThat(r).hasSize(2);
        assertThat(r.get(0)).contains("says acq_rel but the Java access is seq_cst");
        assertThat(r.get(1)).contains("no `C++:` comment");
    }
}
