package dev.imagehub.console;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import dev.imagehub.config.Csv;
import dev.imagehub.ledger.UsageTotals;

/**
 * What AI work cost, read from the ledger: per day, week or month, by folder, chain, model, source, campaign or mail
 * sender, from the daily totals kept as the ledger is written ({@link UsageTotals}). Amounts are summed as the ledger's
 * decimals, never as floating point, so the page equals SQL over the ledger to the cent.
 */
public final class CostReport {
    /** The buckets of time. */
    public enum Period {
        DAY, WEEK, MONTH;

        LocalDate bucket(LocalDate d) {
            return switch (this) {
                case DAY -> d;
                case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> d.withDayOfMonth(1);
            };
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a row is grouped by: a campaign is a batch, a calendar day or a mail thread. Rows rolled up by housekeeping
     * before the daily totals existed keep route, model and source but not their chain, campaign or sender.
     */
    public enum GroupBy {
        FOLDER, CHAIN, MODEL, SOURCE, CAMPAIGN, SENDER;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The figures: for each key (a folder, a model ...) the cost per bucket, in bucket order; totals per bucket and key. */
    public record Table(Period period, GroupBy by, LocalDate from, LocalDate to, List<LocalDate> buckets, List<String> keys,
                        Map<String, Map<LocalDate, BigDecimal>> cells, Map<LocalDate, BigDecimal> bucketTotals,
                        Map<String, BigDecimal> keyTotals, BigDecimal total, long calls) {
        public BigDecimal cell(String key, LocalDate bucket) {
            return cells.getOrDefault(key, Map.of()).getOrDefault(bucket, BigDecimal.ZERO);
        }
    }

    private final DataSource db;
    private final ZoneId zone;

    public CostReport(DataSource db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    /** Costs of the days {@code from} (inclusive) to {@code to} (exclusive), in the hub's time zone. */
    public Table table(LocalDate from, LocalDate to, Period period, GroupBy by) throws SQLException {
        Map<String, Map<LocalDate, BigDecimal>> cells = new TreeMap<>();
        long[] calls = {0};
        try (Connection c = db.getConnection()) {
            if (zone.equals(UsageTotals.zone(c))) fromTotals(c, from, to, period, by, cells, calls);
            else fromDetail(c, from, to, period, by, cells, calls);
        }
        List<LocalDate> buckets = new ArrayList<>();
        for (LocalDate d = period.bucket(from); d.isBefore(to); d = next(period, d)) buckets.add(d);
        Map<LocalDate, BigDecimal> bucketTotals = new LinkedHashMap<>();
        for (LocalDate b : buckets) bucketTotals.put(b, BigDecimal.ZERO);
        Map<String, BigDecimal> keyTotals = new LinkedHashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, Map<LocalDate, BigDecimal>> e : cells.entrySet()) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Map.Entry<LocalDate, BigDecimal> cell : e.getValue().entrySet()) {
                sum = sum.add(cell.getValue());
                bucketTotals.merge(cell.getKey(), cell.getValue(), BigDecimal::add);
            }
            keyTotals.put(e.getKey(), sum);
            total = total.add(sum);
        }
        // the most expensive first: what a person looks for
        List<String> keys = new ArrayList<>(new TreeSet<>(cells.keySet()));
        keys.sort((a, b) -> keyTotals.get(b).compareTo(keyTotals.get(a)));
        return new Table(period, by, from, to, buckets, keys, cells, bucketTotals, keyTotals, total, calls[0]);
    }

    // the daily totals kept as the ledger is written: a few hundred rows for a quarter, whatever the ledger's size
    private static void fromTotals(Connection c, LocalDate from, LocalDate to, Period period, GroupBy by, Map<String, Map<LocalDate, BigDecimal>> cells,
                                   long[] calls) throws SQLException {
        String column = switch (by) {
            case FOLDER -> "route";
            case CHAIN -> "chain";
            case MODEL -> "model";
            case SOURCE -> "source";
            case CAMPAIGN -> "campaign";
            case SENDER -> "sender";
        };
        try (PreparedStatement ps = c.prepareStatement("SELECT day, " + column + ", SUM(cost_usd), SUM(paid_runs) FROM usage_totals "
                + "WHERE day >= ? AND day < ? AND cost_usd <> 0 GROUP BY day, " + column)) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    add(cells, orNone(rs.getString(2)), period.bucket(rs.getObject(1, LocalDate.class)), rs.getBigDecimal(3));
                    calls[0] += rs.getLong(4);
                }
            }
        }
    }

    // the detail itself: while the totals' days are in another zone (budgets.yaml's zone changed; rebuilt at the next start)
    private void fromDetail(Connection c, LocalDate from, LocalDate to, Period period, GroupBy by, Map<String, Map<LocalDate, BigDecimal>> cells,
                            long[] calls) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT u.ts, u.route, u.model, u.source, j.chain, u.cost_usd, j.campaign, j.sender FROM usage_log u "
                + "LEFT JOIN hub_job j ON j.job_id = u.job_id WHERE u.ts >= ? AND u.ts < ? AND u.cost_usd <> 0")) {
            ps.setTimestamp(1, Timestamp.from(from.atStartOfDay(zone).toInstant()));
            ps.setTimestamp(2, Timestamp.from(to.atStartOfDay(zone).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone).toLocalDate();
                    String key = switch (by) {
                        case FOLDER -> rs.getString(2);
                        case MODEL -> orNone(rs.getString(3));
                        case SOURCE -> rs.getString(4);
                        case CHAIN -> orNone(rs.getString(5));
                        case CAMPAIGN -> orNone(rs.getString(7));
                        case SENDER -> orNone(rs.getString(8));
                    };
                    add(cells, key, period.bucket(day), rs.getBigDecimal(6));
                    calls[0]++;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT day, route, model, source, cost_usd, runs FROM usage_daily "
                + "WHERE day >= ? AND day < ? AND cost_usd <> 0")) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = switch (by) {
                        case FOLDER -> rs.getString(2);
                        case MODEL -> orNone(rs.getString(3));
                        case SOURCE -> rs.getString(4);
                        case CHAIN -> UsageTotals.ROLLED_UP;
                        case CAMPAIGN, SENDER -> "(none)";
                    };
                    add(cells, key, period.bucket(rs.getObject(1, LocalDate.class)), rs.getBigDecimal(5));
                    calls[0] += rs.getLong(6);
                }
            }
        }
    }

    /**
     * The table as CSV in the hub's one dialect: one row per day (week, month) with one column per key and the total,
     * then a total row; amounts in USD; a name that a spreadsheet would run as a formula is defused.
     */
    public static String csv(Table t) {
        StringBuilder out = new StringBuilder(t.period().word());
        for (String k : t.keys()) out.append(',').append(Csv.quote(k));
        out.append(",total_usd\r\n");
        for (LocalDate b : t.buckets()) {
            out.append(b);
            for (String k : t.keys()) out.append(',').append(usd(t.cell(k, b)));
            out.append(',').append(usd(t.bucketTotals().get(b))).append("\r\n");
        }
        out.append("total");
        for (String k : t.keys()) out.append(',').append(usd(t.keyTotals().get(k)));
        return out.append(',').append(usd(t.total())).append("\r\n").toString();
    }

    /** An amount as plain decimal USD with cents at least: 0.40, 1.2345. */
    public static String usd(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 2 ? s.setScale(2) : s).toPlainString();
    }

    private static void add(Map<String, Map<LocalDate, BigDecimal>> cells, String key, LocalDate bucket, BigDecimal cost) {
        cells.computeIfAbsent(key, k -> new TreeMap<>()).merge(bucket, cost, BigDecimal::add);
    }

    private static LocalDate next(Period p, LocalDate d) {
        return switch (p) {
            case DAY -> d.plusDays(1);
            case WEEK -> d.plusWeeks(1);
            case MONTH -> d.plusMonths(1);
        };
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "(none)" : s;
    }
}
