package dev.imagehub.console;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * A cost table drawn as stacked bars in SVG, on the server: no chart library to load, prints as crisply as it shows,
 * and a test can read it. The eight most expensive keys get their own colour, the rest are one grey "other".
 */
public final class CostChart {
    static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"};
    static final String OTHER = "#bab0ac";
    private static final int W = 860;
    private static final int H = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 48;

    private CostChart() {
    }

    public static String svg(CostReport.Table t) {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H + 24 + 18 * legendRows(t))
                .append("\" role=\"img\" aria-label=\"").append(esc("cost per " + t.period().word() + " by " + t.by().word())).append("\">");
        double max = t.bucketTotals().values().stream().mapToDouble(BigDecimal::doubleValue).max().orElse(0);
        double top = niceTop(max);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        // grid and amounts
        int steps = divisions(top);
        for (int i = 0; i <= steps; i++) {
            double v = top * i / steps;
            int y = TOP + plotH - (int) Math.round(plotH * i / (double) steps);
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"").append(y).append("\" y2=\"").append(y)
                    .append("\" class=\"grid\"/>");
            s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(y + 4).append("\" class=\"axis\" text-anchor=\"end\">$")
                    .append(String.format(Locale.ROOT, top / steps < 1 ? "%.2f" : "%.0f", v)).append("</text>");
        }
        List<LocalDate> buckets = t.buckets();
        double slot = buckets.isEmpty() ? plotW : (double) plotW / buckets.size();
        double bar = Math.max(2, slot * 0.7);
        int labelEvery = Math.max(1, (int) Math.ceil(buckets.size() / 12.0));
        for (int b = 0; b < buckets.size(); b++) {
            LocalDate d = buckets.get(b);
            double x = LEFT + b * slot + (slot - bar) / 2;
            double y = TOP + plotH;
            for (int k = 0; k < t.keys().size(); k++) {
                BigDecimal v = t.cell(t.keys().get(k), d);
                if (v.signum() == 0 || top == 0) continue;
                double h = plotH * v.doubleValue() / top;
                y -= h;
                s.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" width=\"").append(fmt(bar)).append("\" height=\"")
                        .append(fmt(h)).append("\" fill=\"").append(colour(k)).append("\"><title>").append(esc(t.keys().get(k) + ", " + d + ": $" + CostReport.usd(v)))
                        .append("</title></rect>");
            }
            if (b % labelEvery == 0) {
                s.append("<text x=\"").append(fmt(LEFT + b * slot + slot / 2)).append("\" y=\"").append(TOP + plotH + 16)
                        .append("\" class=\"axis\" text-anchor=\"middle\">").append(esc(label(t.period(), d))).append("</text>");
            }
        }
        if (t.keys().isEmpty()) {
            s.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(TOP + plotH / 2).append("\" class=\"empty\" text-anchor=\"middle\">")
                    .append("No AI costs in this range</text>");
        }
        // legend
        int lx = LEFT;
        int ly = H + 8;
        for (int k = 0; k < Math.min(t.keys().size(), COLOURS.length + 1); k++) {
            String name = k < COLOURS.length ? t.keys().get(k) : "other";
            BigDecimal total = k < COLOURS.length ? t.keyTotals().get(name)
                    : t.keys().subList(COLOURS.length, t.keys().size()).stream().map(t.keyTotals()::get).reduce(BigDecimal.ZERO, BigDecimal::add);
            String text = name + "  $" + CostReport.usd(total);
            int width = 22 + 7 * text.length();
            if (lx + width > W - RIGHT) {
                lx = LEFT;
                ly += 18;
            }
            s.append("<rect x=\"").append(lx).append("\" y=\"").append(ly).append("\" width=\"12\" height=\"12\" fill=\"").append(colour(k)).append("\"/>");
            s.append("<text x=\"").append(lx + 16).append("\" y=\"").append(ly + 10).append("\" class=\"legend\">").append(esc(text)).append("</text>");
            lx += width;
        }
        return s.append("</svg>").toString();
    }

    private static int legendRows(CostReport.Table t) {
        return 1 + t.keys().size() / 5;
    }

    static String colour(int k) {
        return k < COLOURS.length ? COLOURS[k] : OTHER;
    }

    private static String label(CostReport.Period p, LocalDate d) {
        return switch (p) {
            case DAY, WEEK -> String.format(Locale.ROOT, "%d %s", d.getDayOfMonth(), d.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH));
            case MONTH -> d.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH) + " " + d.getYear();
        };
    }

    // round steps: a top of 1 or 10 in fifths, 2 in quarters, 5 in fifths
    static int divisions(double top) {
        double mantissa = top / Math.pow(10, Math.floor(Math.log10(top)));
        return Math.abs(mantissa - 2) < 1e-9 ? 4 : 5;
    }

    // a round top for the axis: 1, 2 or 5 times a power of ten
    static double niceTop(double max) {
        if (max <= 0) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * p >= max) return m * p;
        return 10 * p;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
