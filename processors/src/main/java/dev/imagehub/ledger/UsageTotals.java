package dev.imagehub.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger summed per day ({@code usage_totals}, {@code job_totals}, {@code format_totals}), added to in the
 * transaction that writes the detail, and rebuilt from the detail when the zone of its days changes. The console reads
 * these instead of millions of {@code usage_log} rows; amounts stay the ledger's decimals, so sums equal SQL over the
 * detail to the cent.
 */
public final class UsageTotals {
    private static final Logger LOG = LoggerFactory.getLogger(UsageTotals.class);
    /** The chain of detail housekeeping had rolled up before the totals existed (usage_daily keeps no chain). */
    public static final String ROLLED_UP = "(rolled up)";

    private UsageTotals() {
    }

    /** The zone of the totals' days, or null when they were never built. */
    public static ZoneId zone(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT zone FROM ledger_totals WHERE id = 1")) {
            return rs.next() ? ZoneId.of(rs.getString(1)) : null;
        }
    }

    /** The zone of the totals' days, or null when they were never built. */
    public static ZoneId zone(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return zone(c);
        }
    }

    /** Adds one job's operations; {@code c} is in the transaction that writes them to usage_log. */
    static void addUsage(Connection c, ZoneId zone, UsageOrigin o, List<UsageRecord> rows) throws SQLException {
        LocalDate day = o.ts().atZone(zone).toLocalDate();
        Map<List<Object>, Sum> sums = new LinkedHashMap<>();
        for (UsageRecord u : rows) {
            List<Object> key = List.of(day, o.source(), o.route(), o.chain(), u.step(), u.stepIndex(), u.model() == null ? "" : u.model(),
                    o.campaign(), o.sender());
            sums.computeIfAbsent(key, k -> new Sum()).add(u.status(), u.costUsd(), u.durationMs());
        }
        for (Map.Entry<List<Object>, Sum> e : sums.entrySet()) usage(c, e.getKey(), e.getValue());
    }

    /** Counts one finished job, and its outputs' formats when it succeeded; in the job's commit transaction. */
    static void addJob(Connection c, ZoneId zone, UsageOrigin o, boolean failed, String outputs) throws SQLException {
        LocalDate day = o.ts().atZone(zone).toLocalDate();
        upsert(c, "job_totals", new String[] {"day", "source", "route", "chain", "campaign", "sender"},
                List.of(day, o.source(), o.route(), o.chain(), o.campaign(), o.sender()),
                new String[] {"jobs", "failed_jobs"}, new Object[] {1L, failed ? 1L : 0L}, null, 0);
        if (failed) return;
        for (Map.Entry<String, Long> f : formats(outputs).entrySet()) {
            upsert(c, "format_totals", new String[] {"day", "route", "chain", "format"}, List.of(day, o.route(), o.chain(), f.getKey()),
                    new String[] {"files"}, new Object[] {f.getValue()}, null, 0);
        }
    }

    /** The formats of a job's outputs (one path per line) by file extension, lower case: {jpg=2, webp=1}. */
    public static Map<String, Long> formats(String outputs) {
        Map<String, Long> formats = new LinkedHashMap<>();
        if (outputs == null) return formats;
        for (String p : outputs.split("\n")) {
            int dot = p.lastIndexOf('.');
            int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
            if (dot > slash + 1 && p.length() - dot <= 8) formats.merge(p.substring(dot + 1).toLowerCase(Locale.ROOT), 1L, Long::sum);
        }
        return formats;
    }

    /**
     * Makes the totals' days those of {@code zone}: nothing when they already are, else (first start of a ledger, or
     * budgets.yaml's zone changed) all three tables are rebuilt from usage_log, usage_daily and hub_job in one transaction.
     */
    public static void ensure(DataSource ds, ZoneId zone) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (zone.equals(zone(c))) return;
            long start = System.nanoTime();
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long rows = rebuild(c, zone);
                c.commit();
                LOG.info("ledger totals: built per day in {} from {} ledger rows in {} ms", zone, rows, (System.nanoTime() - start) / 1_000_000);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private static long rebuild(Connection c, ZoneId zone) throws SQLException {
        // the marker row first: it serialises two hubs starting on one database at once
        try (PreparedStatement ps = c.prepareStatement("UPDATE ledger_totals SET zone = ?, built_at = ? WHERE id = 1")) {
            ps.setString(1, zone.getId());
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement in = c.prepareStatement("INSERT INTO ledger_totals (id, zone, built_at) VALUES (1, ?, ?)")) {
                    in.setString(1, zone.getId());
                    in.setTimestamp(2, Timestamp.from(Instant.now()));
                    in.executeUpdate();
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM usage_totals");
            st.executeUpdate("DELETE FROM job_totals");
            st.executeUpdate("DELETE FROM format_totals");
        }
        Map<String, String> batchOfJob = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT job_id, batch_id FROM batch_row WHERE job_id IS NOT NULL")) {
            while (rs.next()) batchOfJob.put(rs.getString(1).trim(), Campaigns.batch(rs.getString(2)));
        }
        Map<String, String[]> mailOfFolder = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT out_dir, sender, subject FROM mail_message")) {
            while (rs.next()) mailOfFolder.put(rs.getString(1), new String[] {Campaigns.mailThread(rs.getString(3)), Campaigns.sender(rs.getString(2))});
        }
        Map<List<Object>, Sum> usage = new HashMap<>();
        Map<String, String> sourceOfJob = new HashMap<>();
        long rows = 0;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT u.ts, u.source, u.route, u.step, u.step_index, u.model, u.status, u.cost_usd, u.duration_ms, "
                     + "j.chain, j.campaign, j.sender, j.folder, u.job_id FROM usage_log u LEFT JOIN hub_job j ON j.job_id = u.job_id")) {
            while (rs.next()) {
                LocalDate day = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone).toLocalDate();
                String[] cs = campaign(rs.getString(2), day, rs.getString(11), rs.getString(12), batchOfJob.get(rs.getString(14)),
                        mailOfFolder.get(rs.getString(13)));
                List<Object> key = List.of(day, rs.getString(2), rs.getString(3), orEmpty(rs.getString(10)), rs.getString(4), rs.getInt(5),
                        orEmpty(rs.getString(6)), cs[0], cs[1]);
                usage.computeIfAbsent(key, k -> new Sum()).add(rs.getString(7), rs.getBigDecimal(8), rs.getLong(9));
                sourceOfJob.putIfAbsent(rs.getString(14), rs.getString(2));
                rows++;
            }
        }
        // detail housekeeping rolled up before: its day, without a chain; its slowest run is not known, its mean stands in
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT day, source, route, step, step_index, model, runs, failures, cost_usd, duration_ms FROM usage_daily")) {
            while (rs.next()) {
                List<Object> key = List.of(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), ROLLED_UP, rs.getString(4), rs.getInt(5),
                        orEmpty(rs.getString(6)), "", "");
                long runs = rs.getLong(7);
                usage.computeIfAbsent(key, k -> new Sum()).addRolled(runs, rs.getLong(8), rs.getBigDecimal(9), rs.getLong(10));
                rows += runs;
            }
        }
        insertUsage(c, usage);
        Map<List<Object>, long[]> jobs = new HashMap<>();
        Map<List<Object>, long[]> formats = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT finished_at, route, folder, chain, state, outputs, campaign, sender, job_id FROM hub_job "
                     + "WHERE state IN ('DONE', 'FAILED') AND finished_at IS NOT NULL")) {
            while (rs.next()) {
                LocalDate day = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone).toLocalDate();
                String route = rs.getString(2);
                String source = sourceOfJob.getOrDefault(rs.getString(9),
                        sourceOf(route, batchOfJob.containsKey(rs.getString(9)), mailOfFolder.containsKey(rs.getString(3))));
                String[] cs = campaign(source, day, rs.getString(7), rs.getString(8), batchOfJob.get(rs.getString(9)), mailOfFolder.get(rs.getString(3)));
                boolean failed = "FAILED".equals(rs.getString(5));
                long[] n = jobs.computeIfAbsent(List.of(day, source, route, rs.getString(4), cs[0], cs[1]), k -> new long[2]);
                n[0]++;
                if (failed) n[1]++;
                else {
                    String chain = rs.getString(4);
                    formats(rs.getString(6)).forEach((f, count) -> formats.computeIfAbsent(List.of(day, route, chain, f), k -> new long[1])[0] += count);
                }
            }
        }
        if (!jobs.isEmpty()) try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_totals (day, source, route, chain, campaign, sender, jobs, failed_jobs) VALUES (?,?,?,?,?,?,?,?)")) {
            for (Map.Entry<List<Object>, long[]> e : jobs.entrySet()) {
                bind(ps, e.getKey());
                ps.setLong(7, e.getValue()[0]);
                ps.setLong(8, e.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (!formats.isEmpty()) try (PreparedStatement ps = c.prepareStatement("INSERT INTO format_totals (day, route, chain, format, files) VALUES (?,?,?,?,?)")) {
            for (Map.Entry<List<Object>, long[]> e : formats.entrySet()) {
                bind(ps, e.getKey());
                ps.setLong(5, e.getValue()[0]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows;
    }

    // the source of a job whose detail housekeeping rolled up: what its route and rows say
    private static String sourceOf(String route, boolean batch, boolean mail) {
        if (batch) return "batch";
        if (mail) return "mail";
        return route.startsWith("hotfolder-") ? "hotfolder" : route;
    }

    // {campaign, sender}: what the job recorded, else what its batch row, mail or calendar day says (older ledgers)
    private static String[] campaign(String source, LocalDate day, String campaign, String sender, String batch, String[] mail) {
        String c = campaign;
        if (c == null) c = batch != null ? batch : mail != null ? mail[0] : "calendar".equals(source) ? Campaigns.calendarDay(day) : "";
        String s = sender != null ? sender : mail != null && batch == null ? mail[1] : "";
        return new String[] {c, s};
    }

    private static void usage(Connection c, List<Object> key, Sum s) throws SQLException {
        upsert(c, "usage_totals", USAGE_KEYS, key, new String[] {"runs", "paid_runs", "failures", "cost_usd", "duration_ms"},
                new Object[] {s.runs, s.paidRuns, s.failures, s.cost, s.durationMs}, "max_duration_ms", s.maxMs);
    }

    private static final String[] USAGE_KEYS = {"day", "source", "route", "chain", "step", "step_index", "model", "campaign", "sender"};

    private static void insertUsage(Connection c, Map<List<Object>, Sum> usage) throws SQLException {
        if (usage.isEmpty()) return;                 // HSQLDB refuses an empty batch
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_totals (day, source, route, chain, step, step_index, model, campaign, sender, "
                + "runs, paid_runs, failures, cost_usd, duration_ms, max_duration_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Map.Entry<List<Object>, Sum> e : usage.entrySet()) {
                Sum s = e.getValue();
                bind(ps, e.getKey());
                ps.setLong(10, s.runs);
                ps.setLong(11, s.paidRuns);
                ps.setLong(12, s.failures);
                ps.setBigDecimal(13, s.cost);
                ps.setLong(14, s.durationMs);
                ps.setLong(15, s.maxMs);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Adds {@code sums} to the row of {@code keys}, or inserts it. Two writers racing to insert the same new key (two
     * hubs on PostgreSQL): the loser's insert fails on the unique index, and it adds to the winner's row instead.
     */
    private static void upsert(Connection c, String table, String[] keyColumns, List<Object> keys, String[] sumColumns, Object[] sums,
                               String maxColumn, long max) throws SQLException {
        StringBuilder update = new StringBuilder("UPDATE ").append(table).append(" SET ");
        for (int i = 0; i < sumColumns.length; i++) update.append(i == 0 ? "" : ", ").append(sumColumns[i]).append(" = ").append(sumColumns[i]).append(" + ?");
        if (maxColumn != null) update.append(", ").append(maxColumn).append(" = CASE WHEN ").append(maxColumn).append(" < ? THEN ? ELSE ").append(maxColumn).append(" END");
        update.append(" WHERE ");
        for (int i = 0; i < keyColumns.length; i++) update.append(i == 0 ? "" : " AND ").append(keyColumns[i]).append(" = ?");
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(table).append(" (").append(String.join(", ", keyColumns)).append(", ")
                .append(String.join(", ", sumColumns)).append(maxColumn == null ? "" : ", " + maxColumn).append(") VALUES (");
        int values = keyColumns.length + sumColumns.length + (maxColumn == null ? 0 : 1);
        for (int i = 0; i < values; i++) insert.append(i == 0 ? "?" : ",?");
        insert.append(')');
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement ps = c.prepareStatement(update.toString())) {
                int p = 1;
                for (Object s : sums) ps.setObject(p++, s);
                if (maxColumn != null) {
                    ps.setLong(p++, max);
                    ps.setLong(p++, max);
                }
                for (Object k : keys) ps.setObject(p++, k);
                if (ps.executeUpdate() > 0) return;
            }
            Savepoint sp = c.getAutoCommit() ? null : c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(insert.toString())) {
                int p = 1;
                for (Object k : keys) ps.setObject(p++, k);
                for (Object s : sums) ps.setObject(p++, s);
                if (maxColumn != null) ps.setLong(p, max);
                ps.executeUpdate();
                if (sp != null) c.releaseSavepoint(sp);
                return;
            } catch (SQLException e) {
                boolean duplicate = e.getSQLState() != null && e.getSQLState().startsWith("23");
                if (!duplicate || attempt > 0) throw e;
                if (sp != null) c.rollback(sp);
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) ps.setObject(i + 1, values.get(i));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The sums of one key. */
    private static final class Sum {
        long runs;
        long paidRuns;
        long failures;
        BigDecimal cost = BigDecimal.ZERO;
        long durationMs;
        long maxMs;

        void add(String status, BigDecimal cost, long ms) {
            runs++;
            if (cost.signum() != 0) paidRuns++;
            if (UsageRecord.FAILED.equals(status)) failures++;
            this.cost = this.cost.add(cost);
            durationMs += ms;
            maxMs = Math.max(maxMs, ms);
        }

        void addRolled(long runs, long failures, BigDecimal cost, long ms) {
            this.runs += runs;
            if (cost.signum() != 0) paidRuns += runs;
            this.failures += failures;
            this.cost = this.cost.add(cost);
            durationMs += ms;
            maxMs = Math.max(maxMs, runs == 0 ? 0 : ms / runs);
        }
    }
}
