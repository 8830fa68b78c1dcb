package dev.imagehub.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.imagehub.intake.SafeNames;
import dev.imagehub.intake.Publisher;

/**
 * Results that wait for a person: a folder or chain with {@code review: true} holds its results in
 * {@code outbox/<folder>/.review/}; an approval publishes them into {@code outbox/<folder>/} as the hub would have, a
 * decline moves them to {@code outbox/<folder>/declined/} and keeps the reviewer's comment. A decision is claimed in
 * the journal first (one reviewer wins; a second click is told it was decided), then carried out; one interrupted by a
 * crash is finished at the next start.
 */
public final class ReviewDesk {
    /** The folder of a folder's outbox where results wait for a reviewer. */
    public static final String HELD = ".review";
    public static final String WAITING = "WAITING";
    public static final String APPROVED = "APPROVED";
    public static final String DECLINED = "DECLINED";
    private static final String APPROVING = "APPROVING";
    private static final String DECLINING = "DECLINING";

    /** A job whose results wait, with where they are (paths relative to the hub folder). */
    public record Waiting(String jobId, String folder, String chain, String fileName, OffsetDateTime finished, List<String> results) {
    }

    /** What a decision did, in words for the page. */
    public record Outcome(boolean done, String message) {
    }

    private final Path home;
    private final DataSource db;
    private final java.util.function.Consumer<String> decided;

    /** {@code decided} is told the folder of each job whose decision was carried out (a mail's reply may follow). */
    public ReviewDesk(Path home, DataSource db, java.util.function.Consumer<String> decided) {
        this.home = home.toAbsolutePath().normalize();
        this.db = db;
        this.decided = decided;
    }

    public List<Waiting> waiting() throws SQLException {
        List<Waiting> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job_id, folder, chain, file_name, finished_at, published FROM hub_job "
                     + "WHERE review_state = ? AND finalized = TRUE ORDER BY finished_at")) {
            ps.setString(1, WAITING);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String published = rs.getString(6);
                    out.add(new Waiting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class),
                            published == null || published.isEmpty() ? List.of() : List.of(published.split("\n"))));
                }
            }
        }
        return out;
    }

    public int count() throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM hub_job WHERE review_state = ? AND finalized = TRUE")) {
            ps.setString(1, WAITING);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Publishes the job's held results into its folder's outbox. */
    public Outcome approve(String jobId, String reviewer) throws SQLException, IOException {
        if (!claim(jobId, APPROVING, reviewer, null)) return new Outcome(false, alreadyDecided(jobId));
        return new Outcome(true, complete(jobId));
    }

    /** Moves the job's held results to {@code declined/}, keeping {@code comment}. */
    public Outcome decline(String jobId, String reviewer, String comment) throws SQLException, IOException {
        if (comment == null || comment.isBlank()) return new Outcome(false, "say why it is declined: the comment is kept with the file");
        if (!claim(jobId, DECLINING, reviewer, comment.strip())) return new Outcome(false, alreadyDecided(jobId));
        return new Outcome(true, complete(jobId));
    }

    /** Finishes decisions a crash interrupted (claimed, files not all moved). Called at start-up. */
    public int recover() throws SQLException, IOException {
        List<String> open = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job_id FROM hub_job WHERE review_state IN (?, ?)")) {
            ps.setString(1, APPROVING);
            ps.setString(2, DECLINING);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) open.add(rs.getString(1));
            }
        }
        for (String jobId : open) complete(jobId);
        return open.size();
    }

    private boolean claim(String jobId, String state, String reviewer, String comment) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE hub_job SET review_state = ?, review_by = ?, review_at = ?, review_comment = ? "
                     + "WHERE job_id = ? AND review_state = ?")) {
            ps.setString(1, state);
            ps.setString(2, reviewer);
            ps.setObject(3, OffsetDateTime.now());
            ps.setString(4, comment);
            ps.setString(5, jobId);
            ps.setString(6, WAITING);
            return ps.executeUpdate() == 1;
        }
    }

    // moves what is still in .review/ and records where each result went; safe to run again after a crash
    private synchronized String complete(String jobId) throws SQLException, IOException {
        String folder;
        String state;
        String published;
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT folder, review_state, published FROM hub_job WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return "no such job";
                folder = rs.getString(1);
                state = rs.getString(2);
                published = rs.getString(3);
            }
        }
        boolean approve = APPROVING.equals(state);
        Path outbox = home.resolve("outbox").resolve(folder).normalize();
        Path held = outbox.resolve(HELD);
        Path target = approve ? outbox : outbox.resolve("declined");
        List<String> moved = new ArrayList<>();
        for (String relative : published == null || published.isEmpty() ? List.<String>of() : List.of(published.split("\n"))) {
            Path file = home.resolve(relative).normalize();
            if (!file.getParent().equals(held) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                moved.add(relative);                                 // moved before a crash, or not held: left as recorded
                continue;
            }
            String name = file.getFileName().toString();
            String to = Publisher.publish(file, target, SafeNames.stem(name), SafeNames.extension(name));
            moved.add(home.relativize(target.resolve(to)).toString().replace('\\', '/'));
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE hub_job SET review_state = ?, published = ? WHERE job_id = ?")) {
            ps.setString(1, approve ? APPROVED : DECLINED);
            ps.setString(2, moved.isEmpty() ? null : String.join("\n", moved));
            ps.setString(3, jobId);
            ps.executeUpdate();
        }
        decided.accept(folder);
        return moved.size() + " result(s) " + (approve ? "delivered to outbox/" + folder : "moved to outbox/" + folder + "/declined");
    }

    private String alreadyDecided(String jobId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT review_state, review_by FROM hub_job WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) return "this file does not wait for review";
                return "already decided: " + rs.getString(1).toLowerCase(java.util.Locale.ROOT) + (rs.getString(2) == null ? "" : " by " + rs.getString(2));
            }
        }
    }
}
