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

/** The ledger database: a pooled DataSource (HSQLDB file database by default, PostgreSQL by URL) with the schema applied. */
public final class Ledger implements AutoCloseable {
    private final HikariDataSource dataSource;

    private Ledger(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Ledger open(HubSettings settings) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(settings.dbUrl());
        cfg.setUsername(settings.dbUser());
        cfg.setPassword(settings.dbPassword());
        cfg.setMaximumPoolSize(Math.max(4, settings.workers() + 2));
        cfg.setPoolName("hub-ledger");
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            applySchema(ds);
        } catch (SQLException | IOException e) {
            ds.close();
            throw new IllegalStateException("cannot prepare the ledger database at " + redact(settings.dbUrl()) + ": " + e.getMessage(), e);
        }
        return new Ledger(ds);
    }

    static void applySchema(DataSource ds) throws SQLException, IOException {
        String sql;
        try (InputStream in = Ledger.class.getResourceAsStream("/db/schema.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
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
