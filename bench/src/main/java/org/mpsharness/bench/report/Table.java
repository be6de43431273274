package org.mpsharness.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of strings rendered two ways: aligned text for the terminal ({@code bench alloc}) and Markdown for
 * docs/performance.md, so that what the command prints and what the docs show are the same table.
 */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> header) {
        this.header = List.copyOf(header);
    }

    public Table add(List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("row of " + row.size() + " cells under " + header.size() + " columns");
        }
        rows.add(List.copyOf(row));
        return this;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Columns of figures (every cell a number, a ratio or a dash) right-aligned, the others left-aligned. */
    public String toText() {
        int[] w = new int[header.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = header.get(c).length();
            for (List<String> r : rows) {
                w[c] = Math.max(w[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        for (List<String> r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String v = cells.get(c);
            String pad = " ".repeat(w[c] - v.length());
            l.append(c == 0 ? "" : "  ").append(numeric(c) ? pad + v : v + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** A column of figures: not the first, and every cell starts with a digit or is a dash. */
    private boolean numeric(int c) {
        return c > 0 && !rows.isEmpty() && rows.stream().map(r -> r.get(c))
                .allMatch(v -> v.equals("–") || (!v.isEmpty() && Character.isDigit(v.charAt(0))));
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", escaped(header))).append(" |\n|");
        for (int c = 0; c < header.size(); c++) {
            sb.append(numeric(c) ? "---:|" : "---|");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", escaped(r))).append(" |\n");
        }
        return sb.toString();
    }

    private static List<String> escaped(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|")).toList();
    }
}
