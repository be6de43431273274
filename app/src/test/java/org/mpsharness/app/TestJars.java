package org.mpsharness.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Builds a user's jar in a test: compiles sources against the harness's class path (javax.tools), then jars them. */
final class TestJars {
    /** One compilation unit: its class name and text. */
    record Source(String className, String text) {
    }

    private TestJars() {
    }

    /** Compiles {@code sources} into a fresh directory under {@code work}; fails with javac's diagnostics. */
    static Path compile(Path work, List<Source> sources) throws IOException {
        Path classes = Files.createTempDirectory(work, "classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        for (Source s : sources) {
            units.add(new SimpleJavaFileObject(java.net.URI.create("string:///" + s.className().replace('.', '/')
                    + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.text();
                }
            });
        }
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("-nowarn", "--release", "17", "-cp",
                    System.getProperty("java.class.path"), "-d", classes.toString());
            if (!javac.getTask(diagnostics, files, null, options, null, units).call()) {
                throw new IllegalStateException("javac failed:\n" + diagnostics);
            }
        }
        return classes;
    }

    /** Jars every file under {@code classes} into {@code jar}. */
    static Path write(Path jar, Path classes) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        return jar;
    }
}
