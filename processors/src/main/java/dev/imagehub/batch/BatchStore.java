package dev.imagehub.batch;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

/** The ledger's record of each batch (batch_run) and of each row that started (batch_row), so a restart continues. */
final class BatchStore {
    static final String WAITING = "WAITING";
    static final String RUNNING = "RUNNING";
    static final String FINISHED = "FINISHED";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";

    /** A row's recorded outcome (status RUNNING while its job has not been seen to finish). */
    record RowState(int row, String jobId, String status, String outputs, String reason, BigDecimal costUsd) {
    }

    private final DataSource ds;

    BatchStore(DataSource ds) {
        this.ds = ds;
    }

    Optional<String> state(String batchId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state FROM batch_run WHERE batch_id = ?")) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void setState(String batchId, String manifest, String state) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_run SET state = ?, updated_at = ? WHERE batch_id = ?")) {
                ps.setString(1, state);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setString(3, batchId);
                if (ps.executeUpdate() == 1) return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_run (batch_id, manifest, state, updated_at) VALUES (?,?,?,?)")) {
                ps.setString(1, batchId);
                ps.setString(2, manifest);
                ps.setString(3, state);
                ps.setTimestamp(4, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
        }
    }

    Map<Integer, RowState> rows(String batchId) throws SQLException {
        Map<Integer, RowState> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT row_no, job_id, status, outputs, reason, cost_usd FROM batch_row "
                     + "WHERE batch_id = ? ORDER BY row_no")) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), new RowState(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getBigDecimal(6)));
                }
            }
        }
        return out;
    }

    /** Records that {@code row} started as journaled job {@code jobId} (replacing an abandoned attempt). */
    void started(String batchId, int row, String jobId) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_row WHERE batch_id = ? AND row_no = ?")) {
                ps.setString(1, batchId);
                ps.setInt(2, row);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_row (batch_id, row_no, job_id, status) VALUES (?,?,?,?)")) {
                ps.setString(1, batchId);
                ps.setInt(2, row);
                ps.setString(3, jobId);
                ps.setString(4, RUNNING);
                ps.executeUpdate();
            }
        }
    }

    /** Records a row's outcome; rows refused by validation have no job. */
    void finished(String batchId, RowState s) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_row WHERE batch_id = ? AND row_no = ?")) {
                ps.setString(1, batchId);
                ps.setInt(2, s.row());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_row (batch_id, row_no, job_id, status, outputs, reason, cost_usd) "
                    + "VALUES (?,?,?,?,?,?,?)")) {
                ps.setString(1, batchId);
                ps.setInt(2, s.row());
                ps.setString(3, s.jobId());
                ps.setString(4, s.status());
                ps.setString(5, s.outputs());
                ps.setString(6, s.reason() == null ? null : s.reason().length() > 4000 ? s.reason().substring(0, 4000) : s.reason());
                ps.setBigDecimal(7, s.costUsd());
                ps.executeUpdate();
            }
        }
    }

    /** What a journaled job cost (its usage rows), for a row settled after a restart. */
    BigDecimal jobCost(String jobId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(cost_usd), 0) FROM usage_log WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    /** A step's recent record in the ledger: average duration and average cost of its successful runs. */
    record StepHistory(double millis, BigDecimal usd) {
    }

    /** Each step's averages over the ledger's last {@code limit} rows, for estimates. */
    Map<String, StepHistory> recentSteps(int limit) throws SQLException {
        Map<String, StepHistory> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT step, AVG(CAST(duration_ms AS DOUBLE PRECISION)), AVG(cost_usd) FROM usage_log "
                     + "WHERE status = 'ok' AND id > (SELECT COALESCE(MAX(id), 0) - ? FROM usage_log) GROUP BY step")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal usd = rs.getBigDecimal(3);
                    out.put(rs.getString(1), new StepHistory(rs.getDouble(2), usd == null ? BigDecimal.ZERO : usd));
                }
            }
        }
        return out;
    }
}
