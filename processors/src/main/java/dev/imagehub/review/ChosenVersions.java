package dev.imagehub.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The version of a picture chosen as the one delivered: of all runs of the same source content (another chain,
 * another model, a retry), a reviewer picks one, and its results are copied into {@code outbox/chosen/} under their
 * own names, replacing the copies of the version chosen before. At most one version of a source is chosen.
 */
public final class ChosenVersions {
    /** The folder of the chosen results, in the outbox. */
    public static final String FOLDER = "chosen";

    /** Who chose a version and when. */
    public record Choice(String by, OffsetDateTime at) {
    }

    private final Path home;
    private final DataSource db;

    public ChosenVersions(Path home, DataSource db) {
        this.home = home.toAbsolutePath().normalize();
        this.db = db;
    }

    /** The chosen version among the runs of the content {@code sha256}: job id to choice (empty or one entry). */
    public Map<String, Choice> chosen(String sha256) throws SQLException {
        Map<String, Choice> out = new HashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job_id, chosen_by, chosen_at FROM hub_job WHERE file_sha256 = ? AND chosen_at IS NOT NULL")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new Choice(rs.getString(2), rs.getObject(3, OffsetDateTime.class)));
            }
        }
        return out;
    }

    /** Makes {@code jobId} the delivered version of its picture; returns what was done, in words for the page. */
    public synchronized String choose(String jobId, String user) throws SQLException, IOException {
        String sha;
        List<Path> results = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT file_sha256, state, published, review_state FROM hub_job WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return "no such file";
                if (!"DONE".equals(rs.getString(2))) return "only a version that succeeded can be delivered";
                if ("WAITING".equals(rs.getString(4)) || "DECLINED".equals(rs.getString(4))) {
                    return "this version " + ("DECLINED".equals(rs.getString(4)) ? "was declined" : "waits for review") + ": it cannot be delivered";
                }
                sha = rs.getString(1);
                String published = rs.getString(3);
                for (String relative : published == null || published.isEmpty() ? new String[0] : published.split("\n")) {
                    Path file = home.resolve(relative).normalize();
                    if (file.startsWith(home.resolve("outbox")) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) results.add(file);
                }
            }
        }
        if (results.isEmpty()) return "this version has no results left in the outbox to deliver";
        Path chosenDir = home.resolve("outbox").resolve(FOLDER);
        Files.createDirectories(chosenDir);
        List<String> copies = new ArrayList<>();
        List<String> before = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT chosen_files FROM hub_job WHERE file_sha256 = ? AND chosen_at IS NOT NULL AND job_id <> ?")) {
                    ps.setString(1, sha);
                    ps.setString(2, jobId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) if (rs.getString(1) != null) before.addAll(List.of(rs.getString(1).split("\n")));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE hub_job SET chosen_by = NULL, chosen_at = NULL, chosen_files = NULL "
                        + "WHERE file_sha256 = ? AND job_id <> ?")) {
                    ps.setString(1, sha);
                    ps.setString(2, jobId);
                    ps.executeUpdate();
                }
                for (Path r : results) copies.add(home.relativize(chosenDir.resolve(r.getFileName().toString())).toString().replace('\\', '/'));
                try (PreparedStatement ps = c.prepareStatement("UPDATE hub_job SET chosen_by = ?, chosen_at = ?, chosen_files = ? WHERE job_id = ?")) {
                    ps.setString(1, user);
                    ps.setObject(2, OffsetDateTime.now());
                    ps.setString(3, String.join("\n", copies));
                    ps.setString(4, jobId);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        // the earlier version's copies go (only those in outbox/chosen/, and only when this one does not replace them)
        for (String old : before) {
            Path file = home.resolve(old).normalize();
            if (file.getParent() != null && file.getParent().equals(chosenDir) && !copies.contains(old)) Files.deleteIfExists(file);
        }
        for (Path r : results) {
            Path tmp = chosenDir.resolve(".hub-chosen-" + System.nanoTime() + ".tmp");
            Files.copy(r, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, chosenDir.resolve(r.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return results.size() + " result(s) delivered to outbox/" + FOLDER + "/" + (before.isEmpty() ? "" : ", replacing the version chosen before");
    }
}
