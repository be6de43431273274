package org.mpsharness.app.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package of the project depends on itself through other packages, and no module on a module after it. A cycle
 * makes two packages one unit in all but name (neither can be read, tested or ported alone); issue 12 found two
 * (model lin/history through the checker benchmark, native cuda/backend through the smoke test). The graph is read
 * from the main sources' import statements (and same-module fully qualified references).
 */
class PackageCyclesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package (org\\.mpsharness[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern REF = Pattern.compile("\\b(org\\.mpsharness(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final List<String> MODULES = List.of("core", "model", "stress", "native", "bench", "app");

    static Path repo() {
        return Path.of(System.getProperty("harness.repo.dir", "..")).toAbsolutePath().normalize();
    }

    /** package -> packages its main sources refer to (self excluded), and package -> module. */
    static Map<String, Set<String>> graph(Map<String, String> moduleOf) throws IOException {
        Map<String, Set<String>> g = new TreeMap<>();
        for (String m : MODULES) {
            Path src = repo().resolve(m).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String text = withoutComments(Files.readString(f));
                    Matcher pm = PACKAGE.matcher(text);
                    if (!pm.find()) {
                        continue;
                    }
                    String pkg = pm.group(1);
                    String before = moduleOf.putIfAbsent(pkg, m);
                    if (before != null && !before.equals(m)) {
                        moduleOf.put(pkg + " (split)", before + "+" + m);
                    }
                    Set<String> out = g.computeIfAbsent(pkg, k -> new TreeSet<>());
                    Matcher rm = REF.matcher(text.substring(pm.end()));
                    while (rm.find()) {
                        if (!rm.group(1).equals(pkg)) {
                            out.add(rm.group(1));
                        }
                    }
                }
            }
        }
        return g;
    }

    /** Comments name classes they do not depend on ({@code @link}): they are not edges. */
    private static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }

    @Test
    void noPackageIsSplitAcrossModules() throws IOException {
        Map<String, String> moduleOf = new HashMap<>();
        graph(moduleOf);
        assertThat(moduleOf.keySet().stream().filter(k -> k.endsWith(" (split)")).map(k -> k + ": "
                + moduleOf.get(k)).toList()).as("packages split across modules").isEmpty();
    }

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, String> moduleOf = new HashMap<>();
        Map<String, Set<String>> g = graph(moduleOf);
        assertThat(g).as("sources found under " + repo()).hasSizeGreaterThan(10);
        List<List<String>> cycles = new ArrayList<>();
        for (List<String> scc : stronglyConnected(g)) {
            if (scc.size() > 1) {
                cycles.add(scc);
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void modulesDependOnlyOnEarlierModules() throws IOException {
        Map<String, String> moduleOf = new HashMap<>();
        Map<String, Set<String>> g = graph(moduleOf);
        List<String> wrong = new ArrayList<>();
        // core <- model <- stress, native, bench <- app: stress, native and bench may not see each other
        Map<String, Set<String>> allowed = Map.of(
                "core", Set.of("core"),
                "model", Set.of("core", "model"),
                "stress", Set.of("core", "model", "stress"),
                "native", Set.of("core", "model", "native"),
                "bench", Set.of("core", "model", "bench"),
                "app", Set.copyOf(MODULES));
        g.forEach((pkg, deps) -> {
            for (String d : deps) {
                String from = moduleOf.get(pkg);
                String to = moduleOf.get(d);
                if (to != null && !allowed.get(from).contains(to)) {
                    wrong.add(pkg + " (" + from + ") -> " + d + " (" + to + ")");
                }
            }
        });
        assertThat(wrong).as("references against the module order").isEmpty();
    }

    /** Tarjan's algorithm, iterative-free (the graph has a few dozen nodes). */
    private static List<List<String>> stronglyConnected(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : g.keySet()) {
            if (!index.containsKey(v)) {
                visit(v, g, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void visit(String v, Map<String, Set<String>> g, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                              List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!g.containsKey(w)) {
                continue;
            }
            if (!index.containsKey(w)) {
                visit(w, g, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> scc = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            out.add(scc);
        }
    }
}
