package dev.imagehub.wavespeed.client;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The {@code ai_task} and {@code ai_upload} tables: what the client submitted, under which prediction id, in which
 * state, charged to which job; and which file contents are already uploaded. Every transition is one committed
 * statement, so a crash at any point leaves a row that says exactly what is known.
 */
final class TaskStore {
    static final String SUBMITTING = "SUBMITTING";
    static final String SUBMITTED = "SUBMITTED";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";
    static final String REJECTED = "REJECTED";
    static final String UNKNOWN = "UNKNOWN";
    /** Still running when the task timeout ran out: the hub stopped waiting; it stays in the ledger at its price. */
    static final String ABANDONED = "ABANDONED";

    /** One {@code ai_task} row. */
    record Task(String key, String jobId, String model, String state, String predictionId, String resultUrl,
                BigDecimal estimatedUsd, BigDecimal costUsd, String chargedJobId, String error, String outputs) {
    }

    private final DataSource ds;

    TaskStore(DataSource ds) {
        this.ds = ds;
    }

    Optional<Task> find(String key) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT task_key, job_id, model, state, prediction_id, result_url, estimated_usd, cost_usd, charged_job_id, "
                        + "error, outputs FROM ai_task WHERE task_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Task(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getString(9), rs.getString(10), rs.getString(11)));
            }
        }
    }

    /** True when the job's outcome is committed in the journal (DONE or FAILED): its ledger rows exist. */
    boolean jobCommitted(String jobId) throws SQLException {
        if (jobId == null) return false;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT state FROM hub_job WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && (rs.getString(1).equals("DONE") || rs.getString(1).equals("FAILED"));
            }
        }
    }

    /**
     * Takes over a paid task that an earlier run of the same file (same content key) left undelivered: its job failed
     * or was abandoned while the task was running or after it completed; or a submit of unknown outcome whose job never
     * committed (so its file was never told to run anew). The claim is one conditional update, so of several jobs that
     * look at once only one gets the task. Empty when there is none to take.
     */
    Optional<Task> adopt(String contentKey, String jobId) throws SQLException {
        List<String[]> candidates = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT t.task_key, t.job_id FROM ai_task t LEFT JOIN hub_job j ON j.job_id = t.job_id "
                        + "WHERE (t.content_key = ? OR (t.content_key IS NULL AND t.task_key = ?)) AND t.job_id <> ? AND ("
                        // paid and not delivered: its job failed, or stopped without committing
                        + "(t.state IN (?, ?) AND (j.state IS NULL OR j.state IN ('FAILED', 'ABANDONED'))) OR "
                        // sent without an answer by a job that never committed: whoever runs the file next must not resend
                        + "(t.state IN (?, ?) AND (j.state IS NULL OR j.state = 'ABANDONED'))) ORDER BY t.created_at DESC")) {
            ps.setString(1, contentKey);
            ps.setString(2, contentKey);
            ps.setString(3, jobId);
            ps.setString(4, SUBMITTED);
            ps.setString(5, COMPLETED);
            ps.setString(6, SUBMITTING);
            ps.setString(7, UNKNOWN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) candidates.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] t : candidates) {
            if (update("UPDATE ai_task SET job_id = ?, updated_at = ? WHERE task_key = ? AND job_id = ?", jobId, now(), t[0], t[1]) == 1) {
                return find(t[0]);
            }
        }
        return Optional.empty();
    }

    /** Records that the submit is about to be sent (replacing an earlier row for the same key that may be reused). */
    void submitting(String key, String contentKey, String route, String jobId, String step, String model, BigDecimal estimate,
                    BigDecimal cost) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM ai_task WHERE task_key = ?")) {
                    del.setString(1, key);
                    del.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ai_task (task_key, route, job_id, step, model, state, "
                        + "estimated_usd, cost_usd, created_at, updated_at, content_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    ps.setString(1, key);
                    ps.setString(2, route);
                    ps.setString(3, jobId);
                    ps.setString(4, cut(step, 100));
                    ps.setString(5, model);
                    ps.setString(6, SUBMITTING);
                    ps.setBigDecimal(7, estimate);
                    ps.setBigDecimal(8, cost);
                    ps.setTimestamp(9, now);
                    ps.setTimestamp(10, now);
                    ps.setString(11, contentKey);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    void submitted(String key, String predictionId, String resultUrl) throws SQLException {
        update("UPDATE ai_task SET state = ?, prediction_id = ?, result_url = ?, updated_at = ? WHERE task_key = ?",
                SUBMITTED, predictionId, resultUrl, now(), key);
    }

    void state(String key, String state, String error) throws SQLException {
        update("UPDATE ai_task SET state = ?, error = ?, updated_at = ? WHERE task_key = ?", state, cut(error, 4000), now(), key);
    }

    void completed(String key, String outputs) throws SQLException {
        update("UPDATE ai_task SET state = ?, outputs = ?, error = NULL, updated_at = ? WHERE task_key = ?", COMPLETED, outputs, now(), key);
    }

    /** The job now running the task (a re-run after a crash takes it over). */
    void owner(String key, String jobId) throws SQLException {
        update("UPDATE ai_task SET job_id = ?, updated_at = ? WHERE task_key = ?", jobId, now(), key);
    }

    void charged(String key, String jobId) throws SQLException {
        update("UPDATE ai_task SET charged_job_id = ?, updated_at = ? WHERE task_key = ?", jobId, now(), key);
    }

    /** The URL a file with this content was uploaded to within {@code maxAge}, if any. */
    Optional<String> upload(String sha256, String endpoint, Duration maxAge) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT url FROM ai_upload WHERE sha256 = ? AND endpoint = ? AND uploaded_at > ?")) {
            ps.setString(1, sha256);
            ps.setString(2, endpoint);
            ps.setTimestamp(3, Timestamp.from(Instant.now().minus(maxAge)));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void uploaded(String sha256, String endpoint, String url, long size) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM ai_upload WHERE sha256 = ? AND endpoint = ?")) {
                    del.setString(1, sha256);
                    del.setString(2, endpoint);
                    del.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ai_upload (sha256, endpoint, url, size_bytes, uploaded_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, sha256);
                    ps.setString(2, endpoint);
                    ps.setString(3, url);
                    ps.setLong(4, size);
                    ps.setTimestamp(5, now());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        }
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
