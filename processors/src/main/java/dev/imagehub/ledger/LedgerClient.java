package dev.imagehub.ledger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import dev.imagehub.HubLock;
import dev.imagehub.HubSettings;

/**
 * A read-only connection to the hub's ledger for commands ({@code summary}, {@code sql}, {@code estimate}), whether
 * the hub runs or not: through the running hub's SQL server as {@code READER}, or, while the hub is stopped, from the
 * database files opened read-only with the hub's lock held (two processes must never open the same HSQLDB files).
 * Another database ({@code hub.db.url}) is read with its own account, on a read-only connection.
 */
public final class LedgerClient implements AutoCloseable {
    // HSQLDB's "Database does not exist" (ifexists=true on a home where the hub never ran)
    private static final int NO_DATABASE = -465;
    private final Connection connection;
    private final HubLock lock;
    private final String source;

    private LedgerClient(Connection connection, HubLock lock, String source) {
        this.connection = connection;
        this.lock = lock;
        this.source = source;
    }

    /** The ledger of the hub at {@code settings.home()}, or empty when the embedded one was never created there. */
    public static Optional<LedgerClient> open(HubSettings settings) throws SQLException, IOException {
        String url = settings.dbUrl();
        if (!Ledger.isEmbedded(url)) {
            Connection c = DriverManager.getConnection(url, settings.dbUser(), settings.dbPassword());
            c.setReadOnly(true);
            return Optional.of(new LedgerClient(c, null, Ledger.redact(url)));
        }
        Optional<HubLock> lock = HubLock.tryTake(settings.home());
        if (lock.isEmpty()) return Optional.of(overNetwork(settings));
        try {
            Connection c = LedgerAccounts.adminConnection(url + ";ifexists=true;readonly=true");
            c.setReadOnly(true);
            return Optional.of(new LedgerClient(c, lock.get(), "the ledger files (the hub is stopped)"));
        } catch (SQLException e) {
            lock.get().close();
            if (e.getErrorCode() == NO_DATABASE) return Optional.empty();
            throw e;
        } catch (RuntimeException e) {
            lock.get().close();
            throw e;
        }
    }

    private static LedgerClient overNetwork(HubSettings settings) throws SQLException, IOException {
        if (!settings.dbServerEnabled()) {
            throw new SQLException("the hub is running with hub.db.server.enabled = false, so its ledger cannot be read until it "
                    + "stops; enable the SQL server in " + HubSettings.FILE + " to read it while the hub runs");
        }
        String password = ReaderPassword.existing(settings);
        if (password == null) {
            throw new SQLException("no reader password: " + ReaderPassword.FILE + " is missing and $" + ReaderPassword.ENV + " is not set");
        }
        String url = LedgerServer.clientUrl(settings);
        try {
            Connection c = DriverManager.getConnection(url, LedgerLogin.READER, password);
            c.setReadOnly(true);
            return new LedgerClient(c, null, "the running hub's SQL server (" + url + ")");
        } catch (SQLException e) {
            throw new SQLException("the hub is running, but its SQL server at " + url + " does not answer (" + e.getMessage() + ")", e);
        }
    }

    public Connection connection() {
        return connection;
    }

    /** Where the rows come from, for a command's header. */
    public String source() {
        return source;
    }

    @Override
    public void close() throws SQLException, IOException {
        try {
            if (lock != null) {
                // close the files opened here, so a hub started next finds them free
                try (Statement st = connection.createStatement()) {
                    st.execute("SHUTDOWN");
                }
            }
        } finally {
            connection.close();
            if (lock != null) lock.close();
        }
    }
}
