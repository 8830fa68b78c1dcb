package dev.imagehub.console;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * What the hub was used for in a range of days: files per chain (and how many failed), output formats, AI calls and
 * cost per model, and the time each step takes (mean and slowest), from the journal and the ledger.
 */
final class Trends {
    /** One line of a ranking: a name, how often, and a figure beside it. */
    record Count(String name, long count, String figure) {
    }

    /** The time one step takes: runs, mean and slowest, in milliseconds. */
    record StepTime(String step, long runs, long meanMs, long maxMs) {
    }

    /** Everything the trends page shows. */
    record Figures(List<Count> chains, List<Count> formats, List<Count> models, List<StepTime> steps, long files) {
    }

    private final DataSource db;
    private final ZoneId zone;

    Trends(DataSource db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    /** The days {@code from} to {@code to}, both included. */
    Figures figures(LocalDate from, LocalDate to) throws SQLException {
        Timestamp start = Timestamp.from(from.atStartOfDay(zone).toInstant());
        Timestamp end = Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant());
        List<Count> chains = new ArrayList<>();
        Map<String, Long> formats = new HashMap<>();
        List<Count> models = new ArrayList<>();
        List<StepTime> steps = new ArrayList<>();
        long files = 0;
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT chain, COUNT(*), SUM(CASE WHEN state = 'FAILED' THEN 1 ELSE 0 END) FROM hub_job "
                    + "WHERE started_at >= ? AND started_at < ? AND state IN ('DONE', 'FAILED') GROUP BY chain")) {
                ps.setTimestamp(1, start);
                ps.setTimestamp(2, end);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        chains.add(new Count(rs.getString(1), rs.getLong(2), rs.getLong(3) == 0 ? "" : rs.getLong(3) + " failed"));
                        files += rs.getLong(2);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT published FROM hub_job WHERE started_at >= ? AND started_at < ? AND published IS NOT NULL")) {
                ps.setTimestamp(1, start);
                ps.setTimestamp(2, end);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (String p : rs.getString(1).split("\n")) {
                            int dot = p.lastIndexOf('.');
                            if (dot > p.lastIndexOf('/')) formats.merge(p.substring(dot + 1).toLowerCase(Locale.ROOT), 1L, Long::sum);
                        }
                    }
                }
            }
            // one pass over the range's operations gives both the steps' times and the models' calls
            Map<String, long[]> stepTimes = new HashMap<>();
            Map<String, Object[]> byModel = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT step, model, COUNT(*), SUM(duration_ms), MAX(duration_ms), SUM(cost_usd) FROM usage_log "
                    + "WHERE ts >= ? AND ts < ? GROUP BY step, model")) {
                ps.setTimestamp(1, start);
                ps.setTimestamp(2, end);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] t = stepTimes.computeIfAbsent(rs.getString(1), k -> new long[3]);
                        t[0] += rs.getLong(3);
                        t[1] += rs.getLong(4);
                        t[2] = Math.max(t[2], rs.getLong(5));
                        if (rs.getString(2) != null) {
                            Object[] m = byModel.computeIfAbsent(rs.getString(2), k -> new Object[] {0L, BigDecimal.ZERO});
                            m[0] = (Long) m[0] + rs.getLong(3);
                            m[1] = ((BigDecimal) m[1]).add(rs.getBigDecimal(6));
                        }
                    }
                }
            }
            stepTimes.forEach((step, t) -> steps.add(new StepTime(step, t[0], t[0] == 0 ? 0 : t[1] / t[0], t[2])));
            byModel.forEach((model, m) -> models.add(new Count(model, (Long) m[0], "$" + CostReport.usd((BigDecimal) m[1]))));
        }
        chains.sort(Comparator.comparingLong(Count::count).reversed());
        models.sort(Comparator.comparingLong(Count::count).reversed());
        steps.sort(Comparator.comparingLong((StepTime s) -> s.runs() * s.meanMs()).reversed());
        List<Count> formatList = new ArrayList<>();
        formats.forEach((f, n) -> formatList.add(new Count(f, n, "")));
        formatList.sort(Comparator.comparingLong(Count::count).reversed());
        return new Figures(chains, formatList, models, steps, files);
    }

    /** A ranking as horizontal bars in SVG (the longest is the most), drawn on the server like the cost chart. */
    static String bars(List<Count> counts, String unit) {
        int rows = Math.min(12, counts.size());
        int h = 24 * rows + 8;
        long max = counts.stream().mapToLong(Count::count).max().orElse(1);
        StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" viewBox=\"0 0 560 ").append(Math.max(h, 32))
                .append("\" role=\"img\">");
        for (int i = 0; i < rows; i++) {
            Count c = counts.get(i);
            int w = (int) Math.max(2, Math.round(300.0 * c.count() / Math.max(1, max)));
            int y = 4 + 24 * i;
            s.append("<text x=\"0\" y=\"").append(y + 15).append("\" class=\"legend\">").append(CostChart.esc(cut(c.name()))).append("</text>");
            s.append("<rect x=\"170\" y=\"").append(y + 3).append("\" width=\"").append(w).append("\" height=\"16\" fill=\"").append(CostChart.colour(i % 8))
                    .append("\"/>");
            s.append("<text x=\"").append(176 + w).append("\" y=\"").append(y + 15).append("\" class=\"axis\">").append(c.count()).append(' ').append(unit)
                    .append(c.figure().isEmpty() ? "" : " · " + CostChart.esc(c.figure())).append("</text>");
        }
        if (rows == 0) s.append("<text x=\"0\" y=\"20\" class=\"empty\">nothing in this range</text>");
        return s.append("</svg>").toString();
    }

    private static String cut(String s) {
        return s.length() > 26 ? s.substring(0, 25) + "…" : s;
    }
}
