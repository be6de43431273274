package org.mpsharness.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipException;

/**
 * The {@code --jar} of {@code check}, validated before any JVM starts: it exists, is a readable jar, and holds the
 * class. Each problem is one line (exit 2) that says which of these it is, never "class not found" for a jar that
 * cannot be read.
 */
final class UserJar {
    private UserJar() {
    }

    /** The jar's path, or a {@link UsageException} naming the problem. */
    static Path validate(String arg, String className) {
        if (arg.isBlank()) {
            throw new UsageException("--jar needs a file name");
        }
        Path p = Path.of(arg);
        if (!Files.exists(p)) {
            throw new UsageException("no such jar: " + arg);
        }
        if (!Files.isRegularFile(p)) {
            throw new UsageException("not a jar file: " + arg + " (a directory or a special file)");
        }
        if (!Files.isReadable(p)) {
            throw new UsageException("cannot read " + arg + " (permission denied)");
        }
        String entry = className.replace('.', '/') + ".class";
        try (JarFile j = new JarFile(p.toFile())) {
            if (j.getEntry(entry) == null) {
                throw new UsageException("class " + className + " is not in " + arg + " (no entry " + entry + ")");
            }
            try (var in = j.getInputStream(j.getEntry(entry))) {
                in.readAllBytes();
            }
        } catch (ZipException e) {
            throw new UsageException("not a readable jar: " + arg + " (" + e.getMessage() + ")");
        } catch (IOException | SecurityException e) {
            throw new UsageException("not a readable jar: " + arg + " (" + e.getMessage() + ")");
        }
        return p;
    }
}
