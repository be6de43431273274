package org.mpsharness.model.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The history formats this project reads, by the name a command line uses for them. */
public enum HistoryFormat {
    /** The project's own format: JSON lines, documented in {@code docs/history-format.md}. */
    JSONL("jsonl", new JsonLinesReader()),
    /** Jepsen etcd logs (a register with read, write, cas), as published with Porcupine's test data. */
    JEPSEN_ETCD("jepsen-etcd", new JepsenEtcdReader()),
    /** Jepsen key-value logs (get, put, append), as published with Porcupine's test data. */
    JEPSEN_KV("jepsen-kv", new JepsenKvReader());

    private final String id;
    private final HistoryReader reader;

    HistoryFormat(String id, HistoryReader reader) {
        this.id = id;
        this.reader = reader;
    }

    /** The command-line name, e.g. {@code jepsen-etcd}. */
    public String id() {
        return id;
    }

    public HistoryReader reader() {
        return reader;
    }

    public History read(Path file) throws IOException, HistoryFormatException {
        return reader.read(file);
    }

    /** @throws IllegalArgumentException naming the known formats */
    public static HistoryFormat byId(String id) {
        for (HistoryFormat f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + id + "' (known: "
                + Arrays.stream(values()).map(HistoryFormat::id).collect(Collectors.joining(", ")) + ")");
    }
}
