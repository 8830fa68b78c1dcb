package dev.imagehub.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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
        return open(settings, null);
    }

    /** As {@link #open(HubSettings)}, with the connection pool reporting to {@code metrics} (HikariCP's own meters). */
    public static Ledger open(HubSettings settings, io.micrometer.core.instrument.MeterRegistry metrics) {
        String url = settings.dbUrl();
        boolean embedded = isEmbedded(url);
        try {
            if (embedded) {
                LedgerSchema.migrate(new AdminDataSource(url));
                try (Connection admin = LedgerAccounts.adminConnection(url)) {
                    cacheTables(admin);
                    LedgerLogin.readerPassword(LedgerAccounts.secure(admin), ReaderPassword.of(settings));
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
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
        if (metrics != null) cfg.setMetricRegistry(metrics);
        HikariDataSource ds = new HikariDataSource(cfg);
        if (!embedded) {
            try {
                LedgerSchema.migrate(ds);
            } catch (RuntimeException e) {
                ds.close();
                throw new IllegalStateException("cannot prepare the ledger database at " + redact(url) + ": " + e.getMessage(), e);
            }
        }
        return new Ledger(ds);
    }

    // ledgers created before the URL asked for cached tables hold memory tables: converted once, kept on disk from then on
    private static void cacheTables(Connection admin) throws SQLException {
        List<String> memory = new java.util.ArrayList<>();
        try (Statement st = admin.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.SYSTEM_TABLES WHERE TABLE_SCHEM = 'PUBLIC' "
                     + "AND HSQLDB_TYPE = 'MEMORY'")) {
            while (rs.next()) memory.add(rs.getString(1));
        }
        try (Statement st = admin.createStatement()) {
            for (String table : memory) st.execute("SET TABLE PUBLIC.\"" + table.replace("\"", "\"\"") + "\" TYPE CACHED");
        }
    }

    /** Whether {@code url} is the embedded HSQLDB file database (the default), which the hub secures itself. */
    public static boolean isEmbedded(String url) {
        return url.startsWith("jdbc:hsqldb:file:");
    }

    /** Creates or completes the ledger's tables in {@code ds} (for tools and tests on a database of their own). */
    public static void applySchema(DataSource ds) {
        LedgerSchema.migrate(ds);
    }

    static void applySchema(Connection c) throws SQLException, IOException {
        String sql;
        try (InputStream in = Ledger.class.getResourceAsStream("/db/schema.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // columns of later versions first, so that statements after them (indexes) find them in an existing ledger
        java.util.regex.Matcher added = java.util.regex.Pattern.compile("(?m)^-- column: (\\w+)\\.(\\w+) (.+)$").matcher(sql);
        try (Statement st = c.createStatement()) {
            for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (statement.isBlank()) continue;
                if (statement.trim().startsWith("CREATE INDEX")) continue;
                st.execute(statement);
            }
            while (added.find()) {
                if (!hasColumn(c, added.group(1), added.group(2))) {
                    st.execute("ALTER TABLE " + added.group(1) + " ADD COLUMN " + added.group(2) + " " + added.group(3).trim());
                }
            }
            for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (statement.trim().startsWith("CREATE INDEX")) st.execute(statement);
            }
        }
    }

    // HSQLDB keeps unquoted names in upper case, PostgreSQL in lower case
    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        for (boolean upper : new boolean[] {true, false}) {
            String t = upper ? table.toUpperCase(java.util.Locale.ROOT) : table.toLowerCase(java.util.Locale.ROOT);
            String col = upper ? column.toUpperCase(java.util.Locale.ROOT) : column.toLowerCase(java.util.Locale.ROOT);
            try (java.sql.ResultSet rs = c.getMetaData().getColumns(null, null, t, col)) {
                if (rs.next()) return true;
            }
        }
        return false;
    }

    /** A JDBC URL without anything that looks like a password, for logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    /** Runs one trivial query on a pooled connection: throws when the database cannot be used. */
    public void check() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("VALUES (1)");
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
