package org.mpsharness.app.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every piece of code the docs name exists: a class named in backticks ({@code `ComposedStreamPool`}) is a class of
 * the project (or of the JDK, or a native name), and a member named with it ({@code `BitmaskFreelist.mask`},
 * {@code `SlotLease#close`}) is declared in that class or a class it extends. Issue 12 found docs naming fields that had
 * moved; the port is done from these pages, so a stale name sends the porter to code that is not there.
 */
class DocsNameCodeTest {
    private static final Pattern TICKED = Pattern.compile("`([A-Z][A-Za-z0-9]*)(?:[.#]([a-zA-Z_][A-Za-z0-9_]*))?(?:\\(\\))?`");
    /** CamelCase with at least two humps: how a Java class name looks (a single word may be prose or a constant). */
    private static final Pattern CLASS_LIKE = Pattern.compile("[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*");
    private static final Pattern DECL = Pattern.compile(
            "\\b(?:class|interface|enum|record|@interface)\\s+([A-Z][A-Za-z0-9]*)(?:<[^>{]*>)?(?:\\s*\\([^)]*\\))?"
                    + "(?:\\s+extends\\s+([A-Z][A-Za-z0-9]*))?");
    /** Names of the native APIs and libraries the docs talk about (Metal, MPS, CUDA, JNA, PyTorch). */
    private static final Pattern NATIVE = Pattern.compile("(MTL|MPS|CU|NS|Cuda[A-Z]|CUDA|Metal|Torch|Jna).*");
    private static final List<String> JDK_PACKAGES = List.of("java.lang.", "java.util.", "java.util.concurrent.",
            "java.util.concurrent.atomic.", "java.util.concurrent.locks.", "java.lang.invoke.", "java.math.",
            "java.nio.file.", "java.io.", "java.lang.ref.", "java.time.");

    /** Declared type name -> source files declaring it (nested types included) and their direct superclass names. */
    private final Map<String, List<Path>> declaredIn = new HashMap<>();
    private final Map<Path, List<String>> supers = new HashMap<>();

    private void index() throws IOException {
        Path repo = PackageCyclesTest.repo();
        for (String m : List.of("core", "model", "stress", "native", "bench", "app")) {
            for (String kind : List.of("src/main/java", "src/test/java")) {
                Path src = repo.resolve(m).resolve(kind);
                if (!Files.isDirectory(src)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(src)) {
                    for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                        Matcher d = DECL.matcher(Files.readString(f));
                        while (d.find()) {
                            declaredIn.computeIfAbsent(d.group(1), k -> new ArrayList<>()).add(f);
                            if (d.group(2) != null) {
                                supers.computeIfAbsent(f, k -> new ArrayList<>()).add(d.group(2));
                            }
                        }
                    }
                }
            }
        }
    }

    private static boolean isJdkClass(String simple) {
        for (String p : JDK_PACKAGES) {
            try {
                Class.forName(p + simple, false, DocsNameCodeTest.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next package
            }
        }
        return false;
    }

    /** True when {@code member} is a word of the class's source or of a class it extends (two levels). */
    private boolean declares(String type, String member, int depth) throws IOException {
        Pattern word = Pattern.compile("\\b" + Pattern.quote(member) + "\\b");
        for (Path f : declaredIn.getOrDefault(type, List.of())) {
            if (word.matcher(Files.readString(f)).find()) {
                return true;
            }
            if (depth > 0) {
                for (String s : supers.getOrDefault(f, List.of())) {
                    if (declares(s, member, depth - 1)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void everyNamedClassAndMemberExists() throws IOException {
        index();
        assertThat(declaredIn).as("project sources found").hasSizeGreaterThan(100);
        Path repo = PackageCyclesTest.repo();
        List<Path> docs = new ArrayList<>();
        docs.add(repo.resolve("README.md"));
        try (Stream<Path> s = Files.list(repo.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<String> stale = new ArrayList<>();
        for (Path doc : docs) {
            String[] lines = Files.readString(doc).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = TICKED.matcher(lines[i]);
                while (m.find()) {
                    String type = m.group(1);
                    String member = m.group(2);
                    String where = repo.relativize(doc) + ":" + (i + 1) + " `" + m.group().replace("`", "") + "`";
                    if (declaredIn.containsKey(type)) {
                        if (member != null && !declares(type, member, 2)) {
                            stale.add(where + ": " + type + " declares no " + member);
                        }
                    } else if (CLASS_LIKE.matcher(type).matches() && !NATIVE.matcher(type).matches()
                            && !isJdkClass(type)) {
                        stale.add(where + ": no class " + type + " in the project");
                    }
                }
            }
        }
        assertThat(stale).as("code named by the docs that does not exist").isEmpty();
    }

    @Test
    void theCheckFindsAStaleName() throws IOException {
        index();
        assertThat(declares("BitmaskFreelist", "mask", 2)).isTrue();
        assertThat(declares("BitmaskFreelist", "noSuchFieldAnywhere", 2)).isFalse();
        assertThat(declaredIn).doesNotContainKey("AbstractStreamPool");
        assertThat(isJdkClass("AtomicLong")).isTrue();
        assertThat(Set.of("MTLCommandBuffer", "CUDACachingAllocator")).allMatch(n -> NATIVE.matcher(n).matches());
    }
}
