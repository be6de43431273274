package org.mpsharness.app;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A PrintStream that hands each complete line to a consumer: how the app reads the progress a library prints (the
 * jcstress runner's echo of jcstress's "(Results: ...)" lines) without changing that library's output.
 */
final class LineSink extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> consumer;

    private LineSink(Consumer<String> consumer) {
        this.consumer = consumer;
    }

    static PrintStream of(Consumer<String> consumer) {
        return new PrintStream(new LineSink(consumer), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            consumer.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        } else if (b != '\r') {
            line.write(b);
        }
    }
}
