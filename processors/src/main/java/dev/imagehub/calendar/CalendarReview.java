package dev.imagehub.calendar;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calendar posts whose chain asks for review ({@code review: true}): at its time a post is exported into
 * {@code outbox/calendar/.review/} and waits; a reviewer approves (the files go to the post's day, with its report and
 * ZIP, as any export) or declines with a comment (to {@code declined/<date>/}). A decision is claimed in
 * {@code calendar_export} first, so one reviewer wins, and one a crash interrupted is finished at the next start.
 */
public final class CalendarReview {
    public static final String REVIEW = "REVIEW";
    public static final String DECLINED = "DECLINED";
    private static final String APPROVING = "APPROVING";
    private static final String DECLINING = "DECLINING";
    private static final Logger LOG = LoggerFactory.getLogger(CalendarReview.class);

    /** A post that waits: its key, day and time, image, platforms and the files held (absolute paths). */
    public record Waiting(String key, String date, String time, String image, String platforms, OffsetDateTime exported, List<Path> files) {
    }

    /** What a decision did, in words for the page. */
    public record Outcome(boolean done, String message) {
    }

    private final DataSource db;
    private final PostExporter exporter;

    CalendarReview(DataSource db, PostExporter exporter) {
        this.db = db;
        this.exporter = exporter;
    }

    public List<Waiting> waiting() throws SQLException {
        List<Waiting> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT post_key, post_date, post_time, image, platforms, finished_at, outputs FROM calendar_export "
                     + "WHERE state = ? ORDER BY due_at")) {
            ps.setString(1, REVIEW);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Path> files = new ArrayList<>();
                    String outputs = rs.getString(7);
                    if (outputs != null && !outputs.isEmpty()) for (String f : outputs.split("\n")) files.add(Path.of(f));
                    out.add(new Waiting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6, OffsetDateTime.class), files));
                }
            }
        }
        return out;
    }

    public int count() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM calendar_export WHERE state = ?")) {
            ps.setString(1, REVIEW);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public Outcome approve(String key, String reviewer) throws SQLException, IOException {
        if (!claim(key, APPROVING, reviewer, null)) return new Outcome(false, "this post does not wait for review (decided already?)");
        return new Outcome(true, complete(key));
    }

    public Outcome decline(String key, String reviewer, String comment) throws SQLException, IOException {
        if (comment == null || comment.isBlank()) return new Outcome(false, "say why the post is declined: the comment is kept with it");
        if (!claim(key, DECLINING, reviewer, comment.strip())) return new Outcome(false, "this post does not wait for review (decided already?)");
        return new Outcome(true, complete(key));
    }

    /** Finishes decisions a crash interrupted. */
    public int recover() throws SQLException, IOException {
        List<String> open = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT post_key FROM calendar_export WHERE state IN (?, ?)")) {
            ps.setString(1, APPROVING);
            ps.setString(2, DECLINING);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) open.add(rs.getString(1));
            }
        }
        for (String key : open) complete(key);
        return open.size();
    }

    private boolean claim(String key, String state, String reviewer, String comment) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE calendar_export SET state = ?, review_by = ?, review_at = ?, review_comment = ? "
                     + "WHERE post_key = ? AND state = ?")) {
            ps.setString(1, state);
            ps.setString(2, reviewer);
            ps.setObject(3, OffsetDateTime.now());
            ps.setString(4, comment);
            ps.setString(5, key);
            ps.setString(6, REVIEW);
            return ps.executeUpdate() == 1;
        }
    }

    private synchronized String complete(String key) throws SQLException, IOException {
        String state;
        LocalDate date;
        String by;
        String comment;
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, post_date, review_by, review_comment FROM calendar_export WHERE post_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return "no such post";
                state = rs.getString(1);
                date = LocalDate.parse(rs.getString(2));
                by = rs.getString(3);
                comment = rs.getString(4);
            }
        }
        boolean approve = APPROVING.equals(state);
        List<Path> moved = exporter.release(date, key, approve);
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE calendar_export SET state = ?, outputs = ?, error = ? WHERE post_key = ?")) {
            ps.setString(1, approve ? ExportLog.DONE : DECLINED);
            String outputs = String.join("\n", moved.stream().map(Path::toString).toList());
            ps.setString(2, outputs.length() > 8000 ? outputs.substring(0, 8000) : outputs);
            ps.setString(3, approve ? null : "declined by " + by + ": " + comment);
            ps.setString(4, key);
            ps.executeUpdate();
        }
        LOG.info("calendar: post {} of {} {} by {}", key.substring(0, 12), date, approve ? "approved" : "declined", by);
        return moved.size() + " file(s) " + (approve ? "exported to outbox/calendar/" + date : "moved to outbox/calendar/declined/" + date);
    }
}
