package org.mpsharness.bench.report;

import java.util.Locale;

/** How numbers are written in tables and charts: three significant digits with k/M/G, ratios with ×. */
public final class Figures {
    private Figures() {
    }

    /** 950 → "950", 12_345_678 → "12.3 M"; NaN → "–". */
    public static String ops(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1e9) {
            return sig(v / 1e9) + " G";
        }
        if (a >= 1e6) {
            return sig(v / 1e6) + " M";
        }
        if (a >= 1e3) {
            return sig(v / 1e3) + " k";
        }
        return sig(v);
    }

    /** 9.834 → "9.83×", 3.0 → "3×", 0.0512 → "0.051×"; NaN → "–". */
    public static String ratio(double r) {
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            return "–";
        }
        return sig(r) + "×";
    }

    /** Three significant digits (two below 1), whole numbers from 100; trailing zeros dropped. */
    static String sig(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v).replaceAll("\\.0$", "");
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        if (a == 0) {
            return "0";
        }
        int digits = (int) Math.ceil(-Math.log10(a)) + 1;
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
