package dev.imagehub.console;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/** Every file the hub took, from the journal ({@code hub_job}) and the ledger ({@code usage_log}): search and one file's lineage. */
public final class JobHistory {
    /** One file's run. {@code original} and {@code published} are paths relative to the hub folder (null when unknown). */
    public record Job(String jobId, String route, String folder, String chain, String fileName, long size, String state,
                      OffsetDateTime started, OffsetDateTime finished, String failedStep, String error, BigDecimal cost,
                      String original, List<String> published, String sha256, String reviewState, String reviewBy,
                      OffsetDateTime reviewAt, String reviewComment, String node) {
        public boolean failed() {
            return "FAILED".equals(state);
        }
    }

    /** One operation of the run: a step, with its model, cost and time. */
    public record Operation(int index, String step, String provider, String model, String predictionId, String status,
                            BigDecimal cost, BigDecimal estimated, long millis, long bytesIn, long bytesOut, String error, String details) {
    }

    /** What the files page searches by; empty strings mean any. */
    public record Search(String name, String folder, String state, LocalDate from, LocalDate to, int limit) {
    }

    private static final String COLUMNS = "j.job_id, j.route, j.folder, j.chain, j.file_name, j.file_size, j.state, j.started_at, j.finished_at, "
            + "j.failed_step, j.error, 0, j.original_file, j.published, "
            + "j.file_sha256, j.review_state, j.review_by, j.review_at, j.review_comment, j.node";

    private final DataSource db;
    private final ZoneId zone;
    private final JobNames names;

    public JobHistory(DataSource db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
        this.names = new JobNames(db);
    }

    /** The jobs that match, newest first; a name matches anywhere in it, ignoring case. */
    public List<Job> search(Search s) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hub_job j WHERE j.state <> 'ABANDONED'");
        List<Object> args = new ArrayList<>();
        if (!s.folder().isEmpty()) {
            sql.append(" AND j.folder = ?");
            args.add(s.folder());
        }
        if (!s.state().isEmpty()) {
            sql.append(" AND j.state = ?");
            args.add(s.state().toUpperCase(java.util.Locale.ROOT));
        }
        if (s.from() != null) {
            sql.append(" AND j.started_at >= ?");
            args.add(Timestamp.from(s.from().atStartOfDay(zone).toInstant()));
        }
        if (s.to() != null) {
            sql.append(" AND j.started_at < ?");
            args.add(Timestamp.from(s.to().plusDays(1).atStartOfDay(zone).toInstant()));
        }
        if (s.name().isEmpty()) return query(sql + " ORDER BY j.started_at DESC FETCH FIRST " + s.limit() + " ROWS ONLY", args);
        int matching = s.state().isEmpty() ? 0 : names.count(s.name());
        if (!s.state().isEmpty() && stateRows(s.state(), matching) < matching) {
            // fewer files in that state than names that match (failures among all photo-*.jpg): the state's index first
            return byStateThenName(sql + " ORDER BY j.started_at DESC", args, s.name().toLowerCase(java.util.Locale.ROOT), s.limit());
        }
        // the names in memory give the candidates newest first; each batch is read by primary key alone (with any other
        // condition HSQLDB's planner prefers a scan of the state index), and the other filters are applied here
        java.time.Instant from = s.from() == null ? null : s.from().atStartOfDay(zone).toInstant();
        java.time.Instant to = s.to() == null ? null : s.to().plusDays(1).atStartOfDay(zone).toInstant();
        String state = s.state().toUpperCase(java.util.Locale.ROOT);
        List<Job> found = new ArrayList<>();
        SQLException[] failed = {null};
        names.matching(s.name(), NAME_BATCH, ids -> {
            try {
                List<Job> batch = queryRows("SELECT " + COLUMNS + " FROM hub_job j WHERE j.job_id IN (" + "?,".repeat(ids.size() - 1) + "?)", ids);
                batch.removeIf(j -> "ABANDONED".equals(j.state()) || !s.folder().isEmpty() && !s.folder().equals(j.folder())
                        || !state.isEmpty() && !state.equals(j.state()) || from != null && j.started().toInstant().isBefore(from)
                        || to != null && !j.started().toInstant().isBefore(to));
                batch.sort(java.util.Comparator.comparing(Job::started).reversed());
                found.addAll(batch);
            } catch (SQLException e) {
                failed[0] = e;
                return false;
            }
            return found.size() < s.limit();
        });
        if (failed[0] != null) throw failed[0];
        List<Job> page = found.size() > s.limit() ? new ArrayList<>(found.subList(0, s.limit())) : found;
        try (Connection c = db.getConnection()) {
            return withCosts(c, page);
        }
    }

    private List<Job> queryRows(String sql, List<String> args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
            return rows(ps);
        }
    }

    private static final int NAME_BATCH = 400;

    // the files in a state, counted up to {@code cap} only (counting all 200,000 done files would take a second)
    private long stateRows(String state, int cap) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM hub_job WHERE state = ? "
                + "FETCH FIRST " + (cap + 1) + " ROWS ONLY) AS capped")) {
            ps.setString(1, state.toUpperCase(java.util.Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // the rows of the query newest first, read until enough names match
    private List<Job> byStateThenName(String sql, List<Object> args, String needle, int limit) throws SQLException {
        List<Job> found = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (found.size() < limit && rs.next()) {
                    if (rs.getString(5).toLowerCase(java.util.Locale.ROOT).contains(needle)) found.add(job(rs));
                }
            }
            return withCosts(c, found);
        }
    }

    /** Warms the names in memory (called once the console starts, off the request path). */
    public void loadNames() {
        try {
            names.load();
        } catch (SQLException e) {
            // the first search reads them instead
        }
    }

    private List<Job> query(String sql, List<Object> args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            return jobs(ps);
        }
    }

    public Optional<Job> job(String jobId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM hub_job j WHERE j.job_id = ?")) {
            ps.setString(1, jobId);
            return jobs(ps).stream().findFirst();
        }
    }

    /** The failed jobs of {@code folder} whose original still waits in its failed folder, newest first. */
    public List<Job> failedIn(String folder) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM hub_job j WHERE j.folder = ? AND j.state = 'FAILED' "
                     + "AND j.original_file IS NOT NULL ORDER BY j.started_at DESC")) {
            ps.setString(1, folder);
            return jobs(ps);
        }
    }

    /** Every run of the same source content (a retry, another folder, another chain): the versions of one picture, oldest first. */
    public List<Job> versions(Job job) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM hub_job j WHERE j.file_sha256 = ? AND j.state <> 'ABANDONED' "
                     + "ORDER BY j.started_at")) {
            ps.setString(1, job.sha256());
            ps.setMaxRows(100);
            return jobs(ps);
        }
    }

    public List<Operation> operations(String jobId) throws SQLException {
        List<Operation> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT step_index, step, provider, model, prediction_id, status, cost_usd, estimated_cost_usd, "
                     + "duration_ms, bytes_in, bytes_out, error, details FROM usage_log WHERE job_id = ? ORDER BY step_index, id")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Operation(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getString(12), rs.getString(13)));
                }
            }
        }
        return out;
    }

    // the AI cost of the jobs found, summed for those only: a cost per row in the query would be computed for every
    // matching job before the newest few are picked
    private static List<Job> jobs(PreparedStatement ps) throws SQLException {
        return withCosts(ps.getConnection(), rows(ps));
    }

    // the jobs with their AI cost summed from the ledger
    private static List<Job> withCosts(Connection c, List<Job> found) throws SQLException {
        if (found.isEmpty()) return found;
        java.util.Map<String, BigDecimal> costs = new java.util.HashMap<>();
        for (int from = 0; from < found.size(); from += 100) {
            List<Job> part = found.subList(from, Math.min(found.size(), from + 100));
            String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
            try (PreparedStatement q = c.prepareStatement("SELECT job_id, SUM(cost_usd) FROM usage_log WHERE job_id IN (" + marks + ") GROUP BY job_id")) {
                for (int i = 0; i < part.size(); i++) q.setString(i + 1, part.get(i).jobId());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) costs.put(rs.getString(1), rs.getBigDecimal(2));
                }
            }
        }
        List<Job> out = new ArrayList<>();
        for (Job j : found) {
            out.add(new Job(j.jobId(), j.route(), j.folder(), j.chain(), j.fileName(), j.size(), j.state(), j.started(), j.finished(), j.failedStep(),
                    j.error(), costs.getOrDefault(j.jobId(), BigDecimal.ZERO), j.original(), j.published(), j.sha256(), j.reviewState(), j.reviewBy(),
                    j.reviewAt(), j.reviewComment(), j.node()));
        }
        return out;
    }

    private static List<Job> rows(PreparedStatement ps) throws SQLException {
        List<Job> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(job(rs));
        }
        return out;
    }

    private static Job job(ResultSet rs) throws SQLException {
        String published = rs.getString(14);
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7),
                rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class), rs.getString(10), rs.getString(11),
                rs.getBigDecimal(12), rs.getString(13), published == null || published.isEmpty() ? List.of() : List.of(published.split("\n")),
                rs.getString(15), rs.getString(16), rs.getString(17), rs.getObject(18, OffsetDateTime.class), rs.getString(19), rs.getString(20));
    }
}
