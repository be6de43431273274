package org.mpsharness.app.report;

import java.util.List;

/**
 * One page written twice, as HTML (index.html) and as Markdown (summary.md), from the same calls: a heading, a
 * paragraph, a table, a block of preformatted text, a chart, a link. Why both from one place: the two files must say
 * the same thing, and a section added to one and forgotten in the other is how they would drift.
 */
final class Page {
    private final StringBuilder html = new StringBuilder();
    private final StringBuilder md = new StringBuilder();

    Page(String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;")
                .append("margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;")
                .append("vertical-align:top}th{background:#f0f0f0}.PASS,.ok,.caught,.OK,.complete{color:#1a7f37}")
                .append(".FAIL,.FAILED,.MISSED,.VIOLATION,.interrupted{color:#cf222e;font-weight:bold}")
                .append(".TIMEOUT,.ERROR,.UNKNOWN{color:#9a6700;font-weight:bold}pre{background:#f6f8fa;")
                .append("padding:8px;overflow-x:auto;font-size:12px}figure{display:inline-block;margin:8px}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        md.append("# ").append(title).append("\n\n");
    }

    void heading(String text) {
        html.append("<h2>").append(esc(text)).append("</h2>\n");
        md.append("## ").append(text).append("\n\n");
    }

    void paragraph(String text) {
        html.append("<p>").append(esc(text)).append("</p>\n");
        md.append(text).append("\n\n");
    }

    /** A table; a cell whose text is a verdict word gets that word's colour. */
    void table(List<String> header, List<List<String>> rows) {
        html.append("<table>\n<tr>");
        header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> r : rows) {
            html.append("<tr>");
            r.forEach(c -> html.append("<td class=\"").append(cssClass(c)).append("\">").append(esc(c))
                    .append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        md.append("| ").append(String.join(" | ", header.stream().map(Page::mdCell).toList())).append(" |\n|");
        header.forEach(h -> md.append("---|"));
        md.append('\n');
        for (List<String> r : rows) {
            md.append("| ").append(String.join(" | ", r.stream().map(Page::mdCell).toList())).append(" |\n");
        }
        md.append('\n');
    }

    /** Preformatted text under a one-line summary (collapsed in HTML). */
    void details(String summary, String text) {
        html.append("<details open><summary>").append(esc(summary)).append("</summary>\n<pre>").append(esc(text))
                .append("</pre>\n</details>\n");
        md.append("**").append(summary).append("**\n\n```\n").append(text.strip()).append("\n```\n\n");
    }

    /** An SVG chart, inline in the HTML (so the page stands alone) and linked from the Markdown. */
    void chart(String id, String title, String svg, String file) {
        String inline = svg.startsWith("<?xml") ? svg.substring(svg.indexOf('\n') + 1) : svg;
        html.append("<figure class=\"chart\" id=\"chart-").append(esc(id)).append("\">\n").append(inline)
                .append("<figcaption><a href=\"").append(esc(file)).append("\">").append(esc(title))
                .append("</a></figcaption>\n</figure>\n");
        md.append("![").append(title).append("](").append(file).append(")\n\n");
    }

    void link(String text, String href) {
        html.append("<p><a href=\"").append(esc(href)).append("\">").append(esc(text)).append("</a></p>\n");
        md.append("- [").append(text).append("](").append(href).append(")\n\n");
    }

    String html() {
        return html + "</body>\n</html>\n";
    }

    String markdown() {
        return md.toString();
    }

    private static String cssClass(String cell) {
        return cell.matches("[A-Za-z]+") ? cell : "";
    }

    private static String mdCell(String c) {
        return c.replace("|", "\\|").replace("\n", " ");
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
