package org.mpsharness.bench.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes results in JMH's JSON shape (Jackson databind): JMH writes its own ({@code -rf json}); {@code bench
 * alloc} writes the same fields that apply to it, so that one reader serves both and the report treats an allocator
 * row like any benchmark's. Metadata goes beside each file ({@link #metaPath}).
 *
 * <p>{@code bench alloc}'s score is the best window (peers.md's convention), so its error is NaN: a best-of has no
 * confidence interval; every window is in {@code rawData}.
 *
 * <p>Why Jackson rather than the project's history {@code JsonWriter}: that writer is one line per value by design (a
 * history is JSON lines), while committed results should be readable and diff well; JMH's own files spell a missing
 * error {@code "NaN"} as a string, which the reader here accepts.
 */
public final class ResultFiles {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS) // as JMH does: "NaN" where there is no error bar
            .build();

    private ResultFiles() {
    }

    /** {@code alloc.json} → {@code alloc.meta.json}. */
    public static Path metaPath(Path results) {
        String n = results.getFileName().toString();
        String base = n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
        return results.resolveSibling(base + ".meta.json");
    }

    /** Writes {@code rows} as a JMH-shaped array; {@code warmup} and {@code window} are in seconds. */
    public static void write(Path file, List<ResultRow> rows, double warmupSeconds, double windowSeconds)
            throws IOException {
        ArrayNode array = JSON.createArrayNode();
        for (ResultRow r : rows) {
            ObjectNode o = array.addObject();
            o.put("benchmark", r.benchmark());
            o.put("mode", r.mode());
            o.put("threads", r.threads());
            o.put("forks", r.forks());
            o.put("jdkVersion", System.getProperty("java.version"));
            o.put("vmName", System.getProperty("java.vm.name"));
            o.put("vmVersion", System.getProperty("java.vm.version"));
            o.put("warmupIterations", 1);
            o.put("warmupTime", seconds(warmupSeconds));
            o.put("measurementIterations", r.rawData().isEmpty() ? 0 : r.rawData().get(0).size());
            o.put("measurementTime", seconds(windowSeconds));
            ObjectNode params = o.putObject("params");
            new java.util.TreeMap<>(r.params()).forEach(params::put);
            ObjectNode m = o.putObject("primaryMetric");
            m.put("score", r.score());
            m.put("scoreError", r.scoreError());
            m.put("scoreUnit", r.scoreUnit());
            ArrayNode raw = m.putArray("rawData");
            for (List<Double> fork : r.rawData()) {
                ArrayNode f = raw.addArray();
                fork.forEach(f::add);
            }
            o.putObject("secondaryMetrics");
            ArrayNode leaks = o.putArray("leaks");
            r.leaks().forEach(leaks::add);
        }
        write(file, array);
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? (long) s + " s" : s + " s";
    }

    /**
     * The rows of a JMH JSON file or of one {@code bench alloc} wrote.
     *
     * @throws IOException when the file is unreadable or not a JSON array of benchmark results (one line says where)
     */
    public static List<ResultRow> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": expected a JSON array of benchmark results");
        }
        List<ResultRow> rows = new ArrayList<>();
        int i = 0;
        for (JsonNode o : root) {
            rows.add(row(file, i++, o));
        }
        return rows;
    }

    private static ResultRow row(Path file, int i, JsonNode o) throws IOException {
        JsonNode m = o.path("primaryMetric");
        if (!o.path("benchmark").isTextual() || !o.path("threads").canConvertToInt() || !m.isObject()
                || number(m.path("score")) == null) {
            throw new IOException(file + ": entry " + i + " lacks benchmark, threads or primaryMetric.score");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("params").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        List<List<Double>> raw = new ArrayList<>();
        for (JsonNode fork : m.path("rawData")) {
            List<Double> windows = new ArrayList<>();
            for (JsonNode v : fork) {
                Double d = number(v);
                if (d != null) {
                    windows.add(d);
                }
            }
            raw.add(windows);
        }
        List<String> leaks = new ArrayList<>();
        o.path("leaks").forEach(l -> leaks.add(l.asText()));
        Double err = number(m.path("scoreError"));
        return new ResultRow(o.get("benchmark").asText(), o.path("mode").asText("thrpt"), o.get("threads").asInt(),
                o.path("forks").asInt(0), params, number(m.path("score")), err == null ? Double.NaN : err,
                m.path("scoreUnit").asText("ops/s"), raw, leaks);
    }

    /** A JSON number, or JMH's "NaN"/"Infinity" strings as doubles; null for anything else. */
    private static Double number(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public static void writeMeta(Path results, RunMetadata meta) throws IOException {
        write(metaPath(results), JSON.valueToTree(meta));
    }

    /** The metadata beside {@code results}, or null when there is none. */
    public static RunMetadata readMeta(Path results) throws IOException {
        Path p = metaPath(results);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            return JSON.readValue(p.toFile(), RunMetadata.class);
        } catch (JsonProcessingException e) {
            throw new IOException(p + ": not run metadata: " + e.getOriginalMessage());
        }
    }

    private static void write(Path file, JsonNode node) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JSON.writeValueAsString(node) + "\n");
    }
}
