package dev.imagehub.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The console's users in the ledger ({@code console_user}): a name, a role and a BCrypt hash of the password (the
 * password itself is never stored or logged).
 */
public final class ConsoleUsers {
    /** A user as the console shows it: never the hash. */
    public record User(String name, Role role, OffsetDateTime createdAt) {
    }

    /** The shortest password accepted: long enough that throttled guessing gets nowhere. */
    public static final int MIN_PASSWORD = 12;
    // 2^11 rounds: about 0.1 s per check here, slow for a guesser, unnoticed by a person
    private static final int COST = 11;
    // a real hash to compare against when the name is unknown, so that a wrong name costs the same time as a wrong password
    private static final String DUMMY = BCrypt.hashpw("no such user: same time as a wrong password", BCrypt.gensalt(COST));

    private final DataSource db;

    public ConsoleUsers(DataSource db) {
        this.db = db;
    }

    /** Adds a user, or changes the role and password of one that exists. */
    public void put(String name, Role role, String password) {
        checkName(name);
        checkPassword(password);
        String hash = BCrypt.hashpw(password, BCrypt.gensalt(COST));
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("UPDATE console_user SET role = ?, password_hash = ? WHERE name = ?")) {
                up.setString(1, role.word());
                up.setString(2, hash);
                up.setString(3, name);
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement in = c.prepareStatement("INSERT INTO console_user (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
                        in.setString(1, name);
                        in.setString(2, role.word());
                        in.setString(3, hash);
                        in.setObject(4, OffsetDateTime.now());
                        in.executeUpdate();
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save console user '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Changes a user's role; false when there is no such user. */
    public boolean setRole(String name, Role role) {
        return update("UPDATE console_user SET role = ? WHERE name = ?", role.word(), name) == 1;
    }

    /** Removes a user; false when there is no such user. */
    public boolean remove(String name) {
        return update("DELETE FROM console_user WHERE name = ?", name) == 1;
    }

    /** The user whose password this is, or empty; takes a BCrypt comparison's time either way. */
    public Optional<User> verify(String name, String password) {
        String hash = null;
        User user = null;
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, role, created_at, password_hash FROM console_user WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    user = user(rs);
                    hash = rs.getString(4);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read console users: " + e.getMessage(), e);
        }
        boolean ok = checks(password == null ? "" : password, hash != null ? hash : DUMMY);
        return ok && user != null ? Optional.of(user) : Optional.empty();
    }

    public Optional<User> find(String name) {
        return list().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public List<User> list() {
        List<User> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, role, created_at FROM console_user ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(user(rs));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read console users: " + e.getMessage(), e);
        }
        return out;
    }

    public int count() {
        return list().size();
    }

    /** Names are what people type to log in: letters, digits and . _ - @, up to 100. */
    public static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,100}")) {
            throw new IllegalArgumentException("a user name is 1 to 100 letters, digits, '.', '_', '-' or '@'; was '" + name + "'");
        }
    }

    public static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("a console password needs at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > 72) {
            // BCrypt reads 72 bytes; a longer password would silently match on its first 72
            throw new IllegalArgumentException("a console password has at most 72 characters");
        }
    }

    private static boolean checks(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false;                                           // a hash that is not BCrypt's (edited by hand): no login
        }
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), Role.of(rs.getString(2)), rs.getObject(3, OffsetDateTime.class));
    }

    private int update(String sql, String... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change console users: " + e.getMessage(), e);
        }
    }
}
