package dev.imagehub.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** Comments on a file's run ({@code console_comment}), oldest first. */
final class Comments {
    /** One comment. */
    record Comment(OffsetDateTime ts, String user, String text) {
    }

    static final int MAX = 4000;
    private final DataSource db;

    Comments(DataSource db) {
        this.db = db;
    }

    void add(String jobId, String user, String text) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO console_comment (job_id, ts, user_name, text) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, jobId);
            ps.setObject(2, OffsetDateTime.now());
            ps.setString(3, user);
            ps.setString(4, text);
            ps.executeUpdate();
        }
    }

    List<Comment> of(String jobId) throws SQLException {
        List<Comment> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ts, user_name, text FROM console_comment WHERE job_id = ? ORDER BY id")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Comment(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }
}
