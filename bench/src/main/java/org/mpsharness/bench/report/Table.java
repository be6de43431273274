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

    /** First column left-aligned, the others right-aligned (they hold numbers). */
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

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int c = 0; c < cells.size(); c++) {
            String v = cells.get(c);
            String pad = " ".repeat(w[c] - v.length());
            sb.append(c == 0 ? v + pad : "  " + pad + v);
        }
        sb.append('\n');
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", escaped(header))).append(" |\n|");
        for (int c = 0; c < header.size(); c++) {
            sb.append(c == 0 ? "---|" : "---:|");
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
