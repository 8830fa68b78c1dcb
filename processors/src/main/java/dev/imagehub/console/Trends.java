package dev.imagehub.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.imagehub.calendar.CalendarPost;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ConfiguredStep;

/**
 * What the hub was used for in a range of days: files per chain (and how many failed), templates and styles, output
 * formats, AI calls and cost per model, and the time each step takes (mean and slowest), from the ledger's daily totals.
 */
final class Trends {
    /** One line of a ranking: a name, how often, and a figure beside it. */
    record Count(String name, long count, String figure) {
    }

    /** The time one step takes: runs, mean and slowest, in milliseconds. */
    record StepTime(String step, long runs, long meanMs, long maxMs) {
    }

    /** Everything the trends page shows. */
    record Figures(List<Count> chains, List<Count> templates, List<Count> styles, List<Count> formats, List<Count> models, List<StepTime> steps,
                   long files) {
    }

    private final DataSource db;
    private final Supplier<Map<String, ChainDefinition>> chains;

    /** {@code chains}: the chains as defined now, which say what template or look each chain's steps use. */
    Trends(DataSource db, Supplier<Map<String, ChainDefinition>> chains) {
        this.db = db;
        this.chains = chains;
    }

    /** The days {@code from} to {@code to}, both included (days of the totals' zone, the budgets' zone). */
    Figures figures(LocalDate from, LocalDate to) throws SQLException {
        List<Count> chainCounts = new ArrayList<>();
        List<Count> formats = new ArrayList<>();
        List<Count> models = new ArrayList<>();
        List<StepTime> steps = new ArrayList<>();
        Map<String, Long> templates = new HashMap<>();
        Map<String, Long> styles = new HashMap<>();
        long files = 0;
        LocalDate end = to.plusDays(1);
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = range(c, "SELECT chain, SUM(jobs), SUM(failed_jobs) FROM job_totals WHERE day >= ? AND day < ? GROUP BY chain", from, end);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chainCounts.add(new Count(rs.getString(1), rs.getLong(2), rs.getLong(3) == 0 ? "" : rs.getLong(3) + " failed"));
                    files += rs.getLong(2);
                    // a calendar row names a layout as its chain: template:<layout>
                    if (rs.getString(1).startsWith(CalendarPost.TEMPLATE)) {
                        templates.merge(rs.getString(1).substring(CalendarPost.TEMPLATE.length()), rs.getLong(2), Long::sum);
                    }
                }
            }
            try (PreparedStatement ps = range(c, "SELECT format, SUM(files) FROM format_totals WHERE day >= ? AND day < ? GROUP BY format", from, end);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) formats.add(new Count(rs.getString(1), rs.getLong(2), ""));
            }
            try (PreparedStatement ps = range(c, "SELECT model, SUM(runs), SUM(cost_usd) FROM usage_totals WHERE day >= ? AND day < ? AND model <> '' "
                    + "GROUP BY model", from, end); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) models.add(new Count(rs.getString(1), rs.getLong(2), "$" + CostReport.usd(rs.getBigDecimal(3))));
            }
            try (PreparedStatement ps = range(c, "SELECT step, SUM(runs), SUM(duration_ms), MAX(max_duration_ms) FROM usage_totals WHERE day >= ? AND day < ? "
                    + "GROUP BY step", from, end); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long runs = rs.getLong(2);
                    steps.add(new StepTime(rs.getString(1), runs, runs == 0 ? 0 : rs.getLong(3) / runs, rs.getLong(4)));
                }
            }
            Map<String, ChainDefinition> defined = chains.get();
            try (PreparedStatement ps = range(c, "SELECT chain, step, step_index, SUM(runs) FROM usage_totals WHERE day >= ? AND day < ? "
                    + "AND step IN ('" + TEMPLATE_STEP + "', '" + FILTER_STEP + "') GROUP BY chain, step, step_index", from, end);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String named = namedOption(defined.get(rs.getString(1)), rs.getString(2), rs.getInt(3));
                    if (named == null) continue;
                    (TEMPLATE_STEP.equals(rs.getString(2)) ? templates : styles).merge(named, rs.getLong(4), Long::sum);
                }
            }
        }
        Comparator<Count> most = Comparator.comparingLong(Count::count).reversed();
        chainCounts.sort(most);
        models.sort(most);
        formats.sort(most);
        steps.sort(Comparator.comparingLong((StepTime s) -> s.runs() * s.meanMs()).reversed());
        return new Figures(chainCounts, ranking(templates), ranking(styles), formats, models, steps, files);
    }

    static final String TEMPLATE_STEP = "template";
    static final String FILTER_STEP = "filter";

    // what the step at this place of the chain uses: the layout of a template step, the look of a filter step
    // (its option 'name'); null when the chain changed since and that place holds another step
    static String namedOption(ChainDefinition chain, String step, int index) {
        if (chain == null || index < 1 || index > chain.steps().size()) return null;
        ConfiguredStep<?> s = chain.steps().get(index - 1);
        if (!s.name().equals(step)) return null;
        for (RecordComponent rc : s.options().getClass().getRecordComponents()) {
            if (!rc.getName().equals("name")) continue;
            try {
                Object v = rc.getAccessor().invoke(s.options());
                return v == null ? null : v.toString().toLowerCase(Locale.ROOT);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
        return null;
    }

    private static List<Count> ranking(Map<String, Long> counts) {
        List<Count> list = new ArrayList<>();
        counts.forEach((name, n) -> list.add(new Count(name, n, "")));
        list.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::name));
        return list;
    }

    private static PreparedStatement range(Connection c, String sql, LocalDate from, LocalDate end) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setObject(1, from);
        ps.setObject(2, end);
        return ps;
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
