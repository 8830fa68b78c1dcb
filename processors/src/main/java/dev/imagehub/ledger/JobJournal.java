package dev.imagehub.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * The job journal and the usage ledger, written together: a job's usage rows are inserted in the same transaction
 * that marks it DONE or FAILED, so a crash can never leave rows without a committed job, nor a committed job twice.
 */
public final class JobJournal {
    private static final String COLUMNS = "job_id, route, folder, chain, file_name, file_size, file_sha256, state, finalized, failed_step, error, outputs, review_state";
    private final DataSource ds;
    private final String node;

    public JobJournal(DataSource ds) {
        this(ds, null);
    }

    /** {@code node}: the hub (hub.node.id) recorded with each job it begins. */
    public JobJournal(DataSource ds, String node) {
        this.ds = ds;
        this.node = node;
    }

    public String begin(String route, String folder, String chain, String fileName, long size, String sha256) throws SQLException {
        return begin(route, folder, chain, fileName, size, sha256, null, null);
    }

    /** Starts a job whose file came as part of a campaign (see {@link Campaigns}) and, for a mail, from a sender. */
    public String begin(String route, String folder, String chain, String fileName, long size, String sha256, String campaign, String sender)
            throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO hub_job (job_id, route, folder, chain, file_name, file_size, "
                     + "file_sha256, state, finalized, started_at, campaign, sender, node) VALUES (?,?,?,?,?,?,?,?,FALSE,?,?,?,?)")) {
            ps.setString(1, id);
            ps.setString(2, route);
            ps.setString(3, folder);
            ps.setString(4, chain);
            ps.setString(5, fileName);
            ps.setLong(6, size);
            ps.setString(7, sha256);
            ps.setString(8, JobRecord.RUNNING);
            ps.setTimestamp(9, Timestamp.from(Instant.now()));
            ps.setString(10, campaign);
            ps.setString(11, sender);
            ps.setString(12, node);
            ps.executeUpdate();
        }
        return id;
    }

    /** Jobs for this exact file content that a crash interrupted: committed but not finalized, or still RUNNING. */
    public List<JobRecord> unfinished(String route, String fileName, long size, String sha256) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM hub_job WHERE route = ? AND file_name = ? AND file_size = ? AND file_sha256 = ? "
                + "AND finalized = FALSE AND state IN ('RUNNING','DONE','FAILED') ORDER BY started_at", route, fileName, size, sha256);
    }

    /** Every job not abandoned for one named file of one folder (a mail's attachment), oldest first, whatever its content. */
    public List<JobRecord> ofFile(String route, String folder, String fileName) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM hub_job WHERE route = ? AND folder = ? AND file_name = ? "
                + "AND state IN ('RUNNING','DONE','FAILED') ORDER BY started_at", route, folder, fileName);
    }

    /** Committed jobs whose outputs or original may still need moving (used by the start-up sweep). */
    public List<JobRecord> committedUnfinalized() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM hub_job WHERE finalized = FALSE AND state IN ('DONE','FAILED')");
    }

    /** Jobs that were running when the hub stopped; their temporary outputs are garbage. */
    public List<JobRecord> running() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM hub_job WHERE state = 'RUNNING'");
    }

    /**
     * As {@link #committedUnfinalized()} and {@link #running()}, of this hub's jobs only: among several hubs the others'
     * jobs are theirs to finish, and a dead hub's are taken over with its files (their claims' leases).
     */
    public List<JobRecord> ownCommittedUnfinalized() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM hub_job WHERE finalized = FALSE AND state IN ('DONE','FAILED') AND node = ?", node);
    }

    public List<JobRecord> ownRunning() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM hub_job WHERE state = 'RUNNING' AND node = ?", node);
    }

    /** Records the outcome and its usage rows atomically. */
    public void commit(String jobId, boolean ok, String source, String route, String fileName, String sha256,
                       List<UsageRecord> usage, String failedStep, String error, String outputs) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant at = Instant.now();
                Timestamp now = Timestamp.from(at);
                UsageOrigin origin = origin(c, jobId, at, source, route, fileName, sha256);
                UsageLog.write(c, origin, usage);
                UsageLog.finished(c, origin, !ok, outputs);
                try (PreparedStatement ps = c.prepareStatement("UPDATE hub_job SET state = ?, finished_at = ?, failed_step = ?, error = ?, "
                        + "outputs = ? WHERE job_id = ? AND state = 'RUNNING'")) {
                    ps.setString(1, ok ? JobRecord.DONE : JobRecord.FAILED);
                    ps.setTimestamp(2, now);
                    ps.setString(3, failedStep);
                    ps.setString(4, truncate(error, 4000));
                    ps.setString(5, truncate(outputs, 8000));
                    ps.setString(6, jobId);
                    if (ps.executeUpdate() != 1) throw new SQLException("job " + jobId + " is no longer running; not committing it twice");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    // the chain, campaign and sender the job began with, for the totals
    private static UsageOrigin origin(Connection c, String jobId, Instant at, String source, String route, String fileName, String sha256)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT chain, campaign, sender FROM hub_job WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return new UsageOrigin(at, source, route, jobId, fileName, sha256, null, null, null);
                return new UsageOrigin(at, source, route, jobId, fileName, sha256, rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    public void finalized(String jobId) throws SQLException {
        update("UPDATE hub_job SET finalized = TRUE WHERE job_id = ?", jobId);
    }

    /** Marks a job whose results go to its folder's review queue instead of its outbox (before they are written). */
    public void awaitReview(String jobId) throws SQLException {
        update("UPDATE hub_job SET review_state = '" + JobRecord.REVIEW_WAITING + "' WHERE job_id = ?", jobId);
    }

    /**
     * Finalized, with where its files went (paths relative to the hub folder): the published outputs, one per line,
     * and the original in {@code .done/} or {@code failed/}; either may be null (not known after a crash).
     */
    public void finalized(String jobId, String published, String original) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE hub_job SET finalized = TRUE, published = ?, original_file = ? WHERE job_id = ?")) {
            ps.setString(1, published == null || published.isEmpty() ? null : truncate(published, 8000));
            ps.setString(2, original == null ? null : truncate(original, 1024));
            ps.setString(3, jobId);
            ps.executeUpdate();
        }
    }

    public void abandon(String jobId) throws SQLException {
        update("UPDATE hub_job SET state = 'ABANDONED', finalized = TRUE WHERE job_id = ? AND state = 'RUNNING'", jobId);
    }

    public Optional<JobRecord> find(String jobId) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM hub_job WHERE job_id = ?", jobId).stream().findFirst();
    }

    private void update(String sql, String jobId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, jobId);
            ps.executeUpdate();
        }
    }

    private List<JobRecord> query(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            List<JobRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getLong(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10), rs.getString(11),
                            rs.getString(12), rs.getString(13)));
                }
            }
            return out;
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
