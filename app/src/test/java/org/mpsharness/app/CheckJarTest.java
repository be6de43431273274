package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user's jar through {@code check --design X --jar FILE}: correct copies of the built-in designs, compiled here from
 * the project's own sources under other names into a separate jar, pass every check (exit 0) with the same verdicts as
 * the originals on the class path; a seeded bug in the same jar fails (exit 1).
 *
 * <p>Why copies of the sources: they are designs exactly as a user writes them — VarHandles on their own fields,
 * package-private helpers of their package (the copies keep their package: classes of one package on the class path
 * share it across jars) — and they are known to be correct, so any failure is the harness's.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class CheckJarTest {
    private static final Path REPO = Path.of(System.getProperty("harness.repo.dir", ".."));
    private static final String COPY = "Copied";

    @TempDir
    static Path work;
    static Path jar;

    /** A correct design as a user writes one: the built-in once-per-slot plus a statistic counted by a VarHandle. */
    private static final TestJars.Source COUNTING_ONCE = new TestJars.Source("userprobe.CountingOnce", """
            package userprobe;
            import java.lang.invoke.MethodHandles;
            import java.lang.invoke.VarHandle;
            import java.util.function.IntFunction;
            import org.mpsharness.core.once.OncePerSlot;
            import org.mpsharness.core.once.PerSlotOnce;
            public class CountingOnce<T> implements OncePerSlot<T> {
                private static final VarHandle GETS;
                static {
                    try {
                        GETS = MethodHandles.lookup().findVarHandle(CountingOnce.class, "gets", long.class);
                    } catch (ReflectiveOperationException e) {
                        throw new ExceptionInInitializerError(e);
                    }
                }
                private final PerSlotOnce<T> d;
                private volatile long gets;
                public CountingOnce(int size, IntFunction<T> factory) { d = new PerSlotOnce<>(size, factory); }
                public int size() { return d.size(); }
                public T get(int index) { GETS.getAndAdd(this, 1L); return d.get(index); }
                public T peek(int index) { return d.peek(index); }
                public int indexOf(T value) { return d.indexOf(value); }
            }
            """);

    /** A seeded bug written from scratch: a freelist whose release does not check the owner. */
    private static final TestJars.Source ANY_THREAD_RELEASES = new TestJars.Source("userseed.AnyThreadReleases", """
            package userseed;
            import org.mpsharness.core.pool.MutexFreelist;
            import org.mpsharness.core.pool.ReleaseOutcome;
            import org.mpsharness.core.pool.SlotFreelist;
            public class AnyThreadReleases implements SlotFreelist {
                private final SlotFreelist d = new MutexFreelist();
                public int tryAcquire(Thread owner) { return d.tryAcquire(owner); }
                public int acquire(Thread owner, long timeoutNanos) throws InterruptedException {
                    return d.acquire(owner, timeoutNanos);
                }
                public ReleaseOutcome release(int slot, Thread caller) {
                    Thread owner = d.ownerOf(slot);
                    return d.release(slot, owner == null ? caller : owner);
                }
                public boolean reclaim(int slot, Thread deadOwner) { return d.reclaim(slot, deadOwner); }
                public Thread ownerOf(int slot) { return d.ownerOf(slot); }
                public int freeCount() { return d.freeCount(); }
                public void wakeAll() { d.wakeAll(); }
            }
            """);

    @BeforeAll
    static void buildTheUsersJar() throws IOException {
        List<TestJars.Source> sources = new ArrayList<>();
        sources.addAll(copies("org.mpsharness.core.pool", "BitmaskFreelist", "ImprovedStreamPool"));
        sources.addAll(copies("org.mpsharness.core.alloc", "ShardedAllocator"));
        sources.add(COUNTING_ONCE);
        sources.add(ANY_THREAD_RELEASES);
        jar = TestJars.write(work.resolve("user-designs.jar"), TestJars.compile(work, sources));
    }

    static Stream<Arguments> correctCopies() {
        return Stream.of(
                Arguments.of("org.mpsharness.core.pool." + COPY + "BitmaskFreelist",
                        "org.mpsharness.core.pool.BitmaskFreelist"),
                Arguments.of("userprobe.CountingOnce", "org.mpsharness.core.once.PerSlotOnce"),
                Arguments.of("org.mpsharness.core.pool." + COPY + "ImprovedStreamPool",
                        "org.mpsharness.core.pool.ImprovedStreamPool"),
                Arguments.of("org.mpsharness.core.alloc." + COPY + "ShardedAllocator",
                        "org.mpsharness.core.alloc.ShardedAllocator"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("correctCopies")
    void aCorrectCopyPassesThroughTheJarAsTheOriginalDoesOnTheClassPath(String copy, String original) {
        Run viaJar = check("check", "--design", copy, "--jar", jar.toString());
        assertThat(viaJar.code).as(viaJar.out).isEqualTo(Command.OK);
        assertThat(viaJar.verdicts).as(viaJar.out).isNotEmpty()
                .allSatisfy((check, verdict) -> assertThat(verdict).as(check).isEqualTo("PASS"));

        Run onClassPath = check("check", "--design", original);
        assertThat(onClassPath.verdicts).as("the same checks and verdicts on the class path:%n%s%n%s", viaJar.out,
                onClassPath.out).isEqualTo(viaJar.verdicts);
        assertThat(onClassPath.code).isEqualTo(Command.OK);
    }

    @Test
    void aSeededBugInTheJarFails() {
        Run r = check("check", "--design", "userseed.AnyThreadReleases", "--jar", jar.toString());
        assertThat(r.code).as(r.out).isEqualTo(Command.VIOLATION);
        assertThat(r.verdicts).as(r.out).containsEntry("contract", "FAIL");
    }

    private record Run(int code, String out, Map<String, String> verdicts) {
    }

    private static final Pattern VERDICT_LINE = Pattern.compile("^  (\\S+) +(PASS|FAIL|ERROR|TIMEOUT) ",
            Pattern.MULTILINE);

    private static Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Harness().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        Map<String, String> verdicts = new LinkedHashMap<>();
        Matcher m = VERDICT_LINE.matcher(out.toString(StandardCharsets.UTF_8));
        while (m.find()) {
            verdicts.put(m.group(1), m.group(2));
        }
        return new Run(code, text, verdicts);
    }

    /**
     * Copies of {@code classes} of {@code pkg} from the project's sources, each renamed {@value #COPY}X everywhere in
     * the copies, together with every class of the package that they and it need of each other (a helper that takes
     * the allocator itself as a parameter must take the copy).
     */
    static List<TestJars.Source> copies(String pkg, String... classes) throws IOException {
        Path dir = REPO.resolve("core/src/main/java").resolve(pkg.replace('.', '/'));
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> code = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String n = f.getFileName().toString();
                String name = n.substring(0, n.length() - ".java".length());
                texts.put(name, Files.readString(f));
                code.put(name, COMMENT.matcher(texts.get(name)).replaceAll(" "));
            }
        }
        Set<String> copied = new LinkedHashSet<>(List.of(classes));
        for (boolean grew = true; grew; ) {
            grew = false;
            for (String other : texts.keySet()) {
                if (!copied.contains(other) && mentionsAny(code.get(other), copied)
                        && copied.stream().anyMatch(c -> mentions(code.get(c), other))) {
                    grew = copied.add(other);
                }
            }
        }
        List<TestJars.Source> out = new ArrayList<>();
        for (String c : copied) {
            String text = texts.get(c);
            for (String r : copied) {
                text = text.replaceAll("\\b" + r + "\\b", COPY + r);
            }
            out.add(new TestJars.Source(pkg + "." + COPY + c, text));
        }
        return out;
    }

    /** Block and line comments: a class named only in javadoc is not needed. */
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private static boolean mentions(String text, String simpleName) {
        return Pattern.compile("\\b" + simpleName + "\\b").matcher(text).find();
    }

    private static boolean mentionsAny(String text, Set<String> names) {
        return names.stream().anyMatch(n -> mentions(text, n));
    }
}
