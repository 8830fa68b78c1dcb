package dev.imagehub.housekeeping;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import javax.sql.DataSource;

/**
 * Rolls usage_log rows older than retention's {@code ledgerDetail} up into daily totals (usage_daily and
 * usage_daily_jobs), one day per transaction, so the ledger stays small while every day's files, costs, times and
 * bytes stay what they were. Rows of a job that has not finished are left in usage_log.
 */
public final class LedgerRollup {
    // the rows of one day that may be rolled up: parameters 1 and 2 are the day's bounds
    private static final String ROWS = " FROM usage_log WHERE ts >= ? AND ts < ? AND job_id NOT IN (SELECT job_id FROM hub_job WHERE finalized = FALSE)";

    private final ZoneId zone;

    public LedgerRollup(ZoneId zone) {
        this.zone = zone;
    }

    /** What a roll-up before {@code cutoff} would take: rows and days (for the dry run). */
    public long[] count(Connection c, Instant cutoff) throws SQLException {
        LocalDate end = cutoff.atZone(zone).toLocalDate();
        Timestamp to = Timestamp.from(end.atStartOfDay(zone).toInstant());
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MIN(ts) FROM usage_log WHERE ts < ? "
                + "AND job_id NOT IN (SELECT job_id FROM hub_job WHERE finalized = FALSE)")) {
            ps.setTimestamp(1, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                Timestamp min = rs.getTimestamp(2);
                long days = min == null ? 0 : end.toEpochDay() - min.toInstant().atZone(zone).toLocalDate().toEpochDay();
                return new long[] {rows, days};
            }
        }
    }

    /** Rolls up every whole day before the day of {@code cutoff}; returns {rows rolled up, days}. */
    public long[] rollUp(DataSource ds, Instant cutoff) throws SQLException {
        LocalDate end = cutoff.atZone(zone).toLocalDate();
        long rows = 0;
        long days = 0;
        try (Connection c = ds.getConnection()) {
            LocalDate day = oldest(c, end);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                for (; day != null && day.isBefore(end); day = day.plusDays(1)) {
                    long n = rollUpDay(c, day);
                    c.commit();
                    if (n > 0) {
                        rows += n;
                        days++;
                    }
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
        return new long[] {rows, days};
    }

    private LocalDate oldest(Connection c, LocalDate end) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(ts) FROM usage_log WHERE ts < ?")) {
            ps.setTimestamp(1, Timestamp.from(end.atStartOfDay(zone).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant().atZone(zone).toLocalDate();
            }
        }
    }

    private long rollUpDay(Connection c, LocalDate day) throws SQLException {
        Timestamp from = Timestamp.from(day.atStartOfDay(zone).toInstant());
        Timestamp to = Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_daily (day, source, route, step, model, step_index, runs, failures, "
                + "cost_usd, estimated_cost_usd, duration_ms, bytes_in, bytes_out) SELECT CAST(? AS DATE), source, route, step, "
                + "COALESCE(model, ''), MIN(step_index), COUNT(*), SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), SUM(cost_usd), "
                + "SUM(estimated_cost_usd), SUM(duration_ms), SUM(bytes_in), SUM(bytes_out)" + ROWS + " GROUP BY source, route, step, COALESCE(model, '')")) {
            bind(ps, day, from, to);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_daily_jobs (day, source, route, jobs, failed_jobs) "
                + "SELECT CAST(? AS DATE), source, route, COUNT(DISTINCT job_id), COUNT(DISTINCT CASE WHEN status = 'failed' THEN job_id END)"
                + ROWS + " GROUP BY source, route")) {
            bind(ps, day, from, to);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE" + ROWS)) {
            ps.setTimestamp(1, from);
            ps.setTimestamp(2, to);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, LocalDate day, Timestamp from, Timestamp to) throws SQLException {
        ps.setObject(1, day);
        ps.setTimestamp(2, from);
        ps.setTimestamp(3, to);
    }
}
