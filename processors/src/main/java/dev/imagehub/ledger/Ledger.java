package dev.imagehub.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.imagehub.HubSettings;

/**
 * The ledger database: a pooled DataSource (HSQLDB file database by default, PostgreSQL by URL) with the schema applied.
 * The embedded database is written only by this process, as its admin (see {@link LedgerLogin}); SQL clients read it
 * as the read-only {@code READER}.
 */
public final class Ledger implements AutoCloseable {
    private final HikariDataSource dataSource;

    private Ledger(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Ledger open(HubSettings settings) {
        String url = settings.dbUrl();
        boolean embedded = isEmbedded(url);
        try {
            if (embedded) {
                try (Connection admin = LedgerAccounts.adminConnection(url)) {
                    applySchema(admin);
                    LedgerLogin.readerPassword(LedgerAccounts.secure(admin), ReaderPassword.of(settings));
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot prepare the ledger database at " + redact(url) + ": " + e.getMessage(), e);
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(embedded ? LedgerLogin.ADMIN : settings.dbUser());
        cfg.setPassword(embedded ? LedgerLogin.adminToken() : settings.dbPassword());
        cfg.setMaximumPoolSize(Math.max(4, settings.workers() + 2));
        cfg.setPoolName("hub-ledger");
        // a database that went away must not hold a worker for HikariCP's default 30 s: the folder pauses instead
        cfg.setConnectionTimeout(settings.intSetting("hub.db.connectTimeoutSeconds", 5, 1, 300) * 1000L);
        HikariDataSource ds = new HikariDataSource(cfg);
        if (!embedded) {
            try (Connection c = ds.getConnection()) {
                applySchema(c);
            } catch (SQLException | IOException e) {
                ds.close();
                throw new IllegalStateException("cannot prepare the ledger database at " + redact(url) + ": " + e.getMessage(), e);
            }
        }
        return new Ledger(ds);
    }

    /** Whether {@code url} is the embedded HSQLDB file database (the default), which the hub secures itself. */
    public static boolean isEmbedded(String url) {
        return url.startsWith("jdbc:hsqldb:file:");
    }

    static void applySchema(DataSource ds) throws SQLException, IOException {
        try (Connection c = ds.getConnection()) {
            applySchema(c);
        }
    }

    static void applySchema(Connection c) throws SQLException, IOException {
        String sql;
        try (InputStream in = Ledger.class.getResourceAsStream("/db/schema.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement st = c.createStatement()) {
            for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) st.execute(statement);
            }
        }
    }

    /** A JDBC URL without anything that looks like a password, for logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
