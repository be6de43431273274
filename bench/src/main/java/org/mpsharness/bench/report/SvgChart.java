package org.mpsharness.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Throughput against threads as an SVG line chart: x on a log2 scale (1, 2, 4, 8, 16 equally spaced), y on a log10
 * scale with a grid line per decade, one polyline with point markers per design, and a legend.
 *
 * <p>Why hand-written rather than JFreeChart + JFreeSVG: the output must be byte-identical wherever it is regenerated
 * (docs/performance.md and its plots are checked against the JSON by a test), and a Graphics2D renderer lays text out
 * with the fonts of the machine it runs on, so the same JSON would give different files on the build machine and in
 * CI; it would also bring AWT and two libraries into a module that needs one chart type. Here text is placed by
 * anchor and drawn by the viewer, so the file depends on the data alone. Each series is a
 * {@code <g class="series" data-series="NAME">}, so a test (or a reader) finds it by name.
 */
public final class SvgChart {
    /** One design's points: x = threads, y = ops/s (non-positive or NaN values are left out: log scale). */
    public record Series(String name, List<double[]> points) {
    }

    private static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
        "#000000", "#999999", "#8C510A", "#762A83"};
    private static final int W = 680;
    private static final int H = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private SvgChart() {
    }

    public static String render(String title, String xLabel, String yLabel, List<Series> series) {
        TreeSet<Double> xs = new TreeSet<>();
        double minY = Double.POSITIVE_INFINITY;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (usable(p)) {
                    xs.add(p[0]);
                    minY = Math.min(minY, p[1]);
                    maxY = Math.max(maxY, p[1]);
                }
            }
        }
        if (xs.isEmpty()) {
            xs.add(1.0);
            minY = 1;
            maxY = 10;
        }
        int lo = (int) Math.floor(Math.log10(minY));
        int hi = (int) Math.ceil(Math.log10(maxY));
        if (hi <= lo) {
            hi = lo + 1;
        }
        Scale sc = new Scale(Math.log(xs.first()) / Math.log(2), Math.log(xs.last()) / Math.log(2), lo, hi);
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        sb.append("<title>").append(esc(title)).append("</title>\n");
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" "
                + "font-weight=\"bold\">%s</text>%n", (LEFT + W - RIGHT) / 2, esc(title)));
        axes(sb, sc, xs, xLabel, yLabel);
        for (int i = 0; i < series.size(); i++) {
            line(sb, sc, series.get(i), COLOURS[i % COLOURS.length], i);
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static boolean usable(double[] p) {
        return p[0] > 0 && p[1] > 0 && Double.isFinite(p[0]) && Double.isFinite(p[1]);
    }

    /** Maps log2(threads) and log10(ops/s) into the plot area. */
    private record Scale(double x0, double x1, int decadeLo, int decadeHi) {
        double x(double threads) {
            double l = Math.log(threads) / Math.log(2);
            double span = W - LEFT - RIGHT;
            return x1 == x0 ? LEFT + span / 2 : LEFT + span * (l - x0) / (x1 - x0);
        }

        double y(double ops) {
            double f = (Math.log10(ops) - decadeLo) / (decadeHi - decadeLo);
            return H - BOTTOM - f * (H - TOP - BOTTOM);
        }
    }

    private static void axes(StringBuilder sb, Scale sc, TreeSet<Double> xs, String xLabel, String yLabel) {
        sb.append("<g class=\"axes\" stroke=\"#cccccc\">\n");
        for (int d = sc.decadeLo(); d <= sc.decadeHi(); d++) {
            double y = sc.y(Math.pow(10, d));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n", LEFT, y,
                    W - RIGHT, y));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#333333\"/>%n", LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
        sb.append("</g>\n<g class=\"ticks\">\n");
        for (int d = sc.decadeLo(); d <= sc.decadeHi(); d++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, sc.y(Math.pow(10, d)) + 4, esc(Figures.ops(Math.pow(10, d)))));
        }
        for (double x : xs) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    sc.x(x), H - BOTTOM + 18, (long) x));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                (LEFT + W - RIGHT) / 2, H - 12, esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 16 %d)\">%s</text>%n", (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2,
                esc(yLabel)));
        sb.append("</g>\n");
    }

    private static void line(StringBuilder sb, Scale sc, Series s, String colour, int index) {
        sb.append("<g class=\"series\" data-series=\"").append(esc(s.name())).append("\" stroke=\"").append(colour)
                .append("\" fill=\"").append(colour).append("\">\n");
        StringBuilder pts = new StringBuilder();
        for (double[] p : s.points()) {
            if (usable(p)) {
                pts.append(pts.length() == 0 ? "" : " ")
                        .append(String.format(Locale.ROOT, "%.1f,%.1f", sc.x(p[0]), sc.y(p[1])));
            }
        }
        sb.append("<polyline fill=\"none\" stroke-width=\"2\" points=\"").append(pts).append("\"/>\n");
        for (double[] p : s.points()) {
            if (usable(p)) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"><title>%s, %d "
                        + "thread(s): %s ops/s</title></circle>%n", sc.x(p[0]), sc.y(p[1]), esc(s.name()),
                        (long) p[0], esc(Figures.ops(p[1]))));
            }
        }
        int ly = TOP + 10 + index * 20;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-width=\"2\"/>%n",
                W - RIGHT + 14, ly, W - RIGHT + 38, ly));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" stroke=\"none\" fill=\"#000000\">%s</text>%n",
                W - RIGHT + 44, ly + 4, esc(s.name())));
        sb.append("</g>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
