package dev.imagehub.calendar;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.imagehub.ledger.UsageRecord;

/**
 * The ledger table {@code calendar_export}: which posts ran. A post is claimed by inserting its key (the primary key
 * makes a second claim fail), so a post is exported once whatever fires it: its trigger, the start-up catch-up or both.
 */
public final class ExportLog {
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String MISSED = "MISSED";

    /** The route name of calendar exports in usage_log. */
    public static final String ROUTE = "calendar";

    private final DataSource ds;

    public ExportLog(DataSource ds) {
        this.ds = ds;
    }

    /** Records {@code post} in {@code state} at {@code now}; false when the post already has a row (someone ran it). */
    public boolean claim(CalendarPost post, String state, Instant now) {
        String sql = "INSERT INTO calendar_export (post_key, post_date, post_time, zone, due_at, image, platforms, state, started_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = ds.getConnection()) {
            if (exists(c, post.key())) return false;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, post.key());
                ps.setString(2, post.date().toString());
                ps.setString(3, post.time().toString());
                ps.setString(4, post.zone().getId());
                ps.setTimestamp(5, Timestamp.from(post.instant()));
                ps.setString(6, post.image());
                ps.setString(7, String.join("|", post.platforms().stream().map(CalendarPost.Platform::name).toList()));
                ps.setString(8, state);
                ps.setTimestamp(9, Timestamp.from(now));
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                // a concurrent claim of the same key won the primary key: that one runs the post
                if (exists(c, post.key())) return false;
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("calendar: cannot record post " + post.describe() + " in the ledger: " + e.getMessage(), e);
        }
    }

    /** Whether the post has a row (done, failed, missed or running). */
    public boolean known(String key) {
        try (Connection c = ds.getConnection()) {
            return exists(c, key);
        } catch (SQLException e) {
            throw new IllegalStateException("calendar: cannot read calendar_export: " + e.getMessage(), e);
        }
    }

    /** Ends a claimed post with DONE or FAILED, the output paths (one per line) and the error. */
    public void finish(String key, String state, String outputs, String error, Instant now) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE calendar_export SET state = ?, finished_at = ?, outputs = ?, error = ? WHERE post_key = ?")) {
            ps.setString(1, state);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, outputs == null ? null : cut(outputs, 8000));
            ps.setString(4, error == null ? null : cut(error, 4000));
            ps.setString(5, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("calendar: cannot record the end of post " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds the operations of each platform's chain run to usage_log (route {@code calendar}, one job id per platform),
     * so {@code hub summary} and SQL over the ledger see the calendar's work like a hot folder's.
     */
    public void usage(CalendarPost post, PostExporter.Result result, Instant now) {
        String campaign = dev.imagehub.ledger.Campaigns.calendarDay(post.date());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (PostExporter.PlatformUsage pu : result.usage()) {
                    var origin = new dev.imagehub.ledger.UsageOrigin(now, "calendar", ROUTE, java.util.UUID.randomUUID().toString(), post.image(),
                            result.sha256(), post.chain(), campaign, null);
                    List<UsageRecord> rows = new ArrayList<>();
                    boolean failed = false;
                    for (UsageRecord u : pu.records()) {
                        String details = "platform " + pu.platform() + (u.details() == null ? "" : "; " + u.details());
                        rows.add(new UsageRecord(u.step(), u.stepIndex(), u.provider(), u.model(), u.predictionId(), u.status(), u.costUsd(),
                                u.estimatedCostUsd(), u.durationMs(), u.bytesIn(), u.bytesOut(), u.error(), details));
                        failed |= UsageRecord.FAILED.equals(u.status());
                    }
                    dev.imagehub.ledger.UsageLog.write(c, origin, rows);
                    dev.imagehub.ledger.UsageLog.finished(c, origin, failed, null);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("calendar: cannot write the usage of " + post.describe() + " to usage_log: " + e.getMessage(), e);
        }
    }

    /** Forgets claims a crash left RUNNING, so those posts are exported again (their files are rewritten, not doubled). */
    public int releaseInterrupted() {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            return st.executeUpdate("DELETE FROM calendar_export WHERE state = '" + RUNNING + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("calendar: cannot read calendar_export: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM calendar_export WHERE post_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
