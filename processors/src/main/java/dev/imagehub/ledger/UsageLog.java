package dev.imagehub.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.List;

/**
 * The one writer of {@code usage_log}: a job's operations as rows, and the same operations added to the daily totals,
 * on the caller's connection so both land in its transaction (or neither does).
 */
public final class UsageLog {
    private UsageLog() {
    }

    /** Writes {@code rows} of {@code origin}, and adds them to the totals when those were built. */
    public static void write(Connection c, UsageOrigin origin, List<UsageRecord> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_log (ts, source, route, job_id, file_name, file_sha256, step, "
                + "step_index, provider, model, prediction_id, status, cost_usd, estimated_cost_usd, duration_ms, bytes_in, bytes_out, "
                + "error, details) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            Timestamp ts = Timestamp.from(origin.ts());
            for (UsageRecord u : rows) {
                ps.setTimestamp(1, ts);
                ps.setString(2, origin.source());
                ps.setString(3, origin.route());
                ps.setString(4, origin.jobId());
                ps.setString(5, cut(origin.fileName(), 1024));
                ps.setString(6, origin.sha256());
                ps.setString(7, u.step());
                ps.setInt(8, u.stepIndex());
                ps.setString(9, u.provider());
                ps.setString(10, u.model());
                ps.setString(11, u.predictionId());
                ps.setString(12, u.status());
                ps.setBigDecimal(13, u.costUsd());
                ps.setBigDecimal(14, u.estimatedCostUsd());
                ps.setLong(15, u.durationMs());
                ps.setLong(16, u.bytesIn());
                ps.setLong(17, u.bytesOut());
                ps.setString(18, cut(u.error(), 4000));
                ps.setString(19, cut(u.details(), 4000));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        ZoneId zone = UsageTotals.zone(c);
        // totals never built: the first UsageTotals.ensure builds them from this detail
        if (zone != null) UsageTotals.addUsage(c, zone, origin, rows);
    }

    /** Counts a finished job (and its outputs' formats) in the totals, in the transaction that commits it. */
    public static void finished(Connection c, UsageOrigin origin, boolean failed, String outputs) throws SQLException {
        ZoneId zone = UsageTotals.zone(c);
        if (zone != null) UsageTotals.addJob(c, zone, origin, failed, outputs);
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
