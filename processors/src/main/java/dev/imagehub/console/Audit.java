package dev.imagehub.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** The console's audit trail ({@code console_audit}): who changed what, when; logins and refused logins too. */
public final class Audit {
    /** One line of the trail. */
    public record Entry(OffsetDateTime ts, String user, String action, String target, String detail) {
    }

    private final DataSource db;

    public Audit(DataSource db) {
        this.db = db;
    }

    public void record(String user, String action, String target, String detail) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO console_audit (ts, user_name, action, target, detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, OffsetDateTime.now());
            ps.setString(2, cut(user, 100));
            ps.setString(3, cut(action, 50));
            ps.setString(4, cut(target, 1024));
            ps.setString(5, cut(detail, 4000));
            ps.executeUpdate();
        } catch (SQLException e) {
            // a change that cannot be audited must not happen silently: the caller's action fails with this
            throw new IllegalStateException("cannot write the audit trail: " + e.getMessage(), e);
        }
    }

    public List<Entry> latest(int limit) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ts, user_name, action, target, detail FROM console_audit ORDER BY id DESC")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Entry(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail: " + e.getMessage(), e);
        }
        return out;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
