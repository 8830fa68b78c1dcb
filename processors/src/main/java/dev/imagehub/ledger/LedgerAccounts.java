package dev.imagehub.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounts of the embedded ledger: on every start the hub (as admin, in its own process) makes sure the login
 * function of {@link LedgerLogin} decides all logins, that {@code READER} exists with only the {@code LEDGER_READER}
 * role, and that the role can SELECT every table and view of the ledger (new tables included), nothing more.
 */
final class LedgerAccounts {
    // HSQLDB's "invalid authorization specification - already exists" (a role or user of that name)
    private static final int ALREADY_EXISTS = -4003;

    private LedgerAccounts() {
    }

    /**
     * Opens an admin connection to the file database at {@code url}: with this process's token once the login function
     * is installed, or, for a ledger created by an earlier version (admin {@code SA} with an empty password), with the
     * empty password once, after which the function is installed and the empty password no longer works.
     */
    static Connection adminConnection(String url) throws SQLException {
        LedgerLogin.allowOnlyTheLoginRoutine();
        try {
            return DriverManager.getConnection(url, LedgerLogin.ADMIN, LedgerLogin.adminToken());
        } catch (SQLException tokenRefused) {
            try {
                return DriverManager.getConnection(url, LedgerLogin.ADMIN, "");
            } catch (SQLException legacyRefused) {
                tokenRefused.addSuppressed(legacyRefused);
                throw tokenRefused;
            }
        }
    }

    /** Installs or refreshes the accounts; returns the database's unique name (what the login function is told). */
    static String secure(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement()) {
            try {
                st.execute("CREATE ROLE " + LedgerLogin.READER_ROLE);
            } catch (SQLException e) {
                if (e.getErrorCode() != ALREADY_EXISTS) throw e;
            }
            if (!exists(admin, "SELECT 1 FROM INFORMATION_SCHEMA.SYSTEM_USERS WHERE USER_NAME = ?", LedgerLogin.READER)) {
                st.execute("CREATE USER " + LedgerLogin.READER + " PASSWORD '" + LedgerLogin.randomSecret() + "'");
            }
            st.execute("GRANT " + LedgerLogin.READER_ROLE + " TO " + LedgerLogin.READER);
            for (String table : tablesAndViews(admin)) {
                // the console's password hashes are for the hub alone, not for SQL readers
                if (table.equalsIgnoreCase("console_user")) continue;
                st.execute("GRANT SELECT ON TABLE PUBLIC.\"" + table.replace("\"", "\"\"") + "\" TO " + LedgerLogin.READER_ROLE);
            }
            // neither account is 'local': the login function decides for both, whatever their stored passwords are
            st.execute("ALTER USER " + LedgerLogin.ADMIN + " SET LOCAL FALSE");
            st.execute("ALTER USER " + LedgerLogin.READER + " SET LOCAL FALSE");
            st.execute("SET DATABASE AUTHENTICATION FUNCTION EXTERNAL NAME 'CLASSPATH:" + LedgerLogin.ROUTINE + "'");
            // the stored admin password is never used again; an unknown one means removing the function opens nothing
            st.execute("ALTER USER " + LedgerLogin.ADMIN + " SET PASSWORD '" + LedgerLogin.randomSecret() + "'");
            try (ResultSet rs = st.executeQuery("VALUES DATABASE_NAME()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<String> tablesAndViews(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) names.add(rs.getString("TABLE_NAME"));
        }
        return names;
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
