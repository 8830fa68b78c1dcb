package dev.imagehub.ledger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubSettings;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger's SQL server, attacked as another local account would: over the network only the read-only reader logs
 * in, and it can read the ledger but change nothing, write no file, call no Java and stop nothing; the admin cannot log
 * in over the network with any password, not even the hub's own in-process secret.
 */
class LedgerSecurityIT {

    @TempDir
    Path home;

    @Test
    void theReaderCanOnlySelectAndTheAdminCannotLogInOverTheNetwork() throws Exception {
        int port = freePort();
        TestHub.prepareHome(home);
        Map<String, String> settings = Map.of("hub.db.server.enabled", "true", "hub.db.server.port", String.valueOf(port));
        try (TestHub hub = TestHub.start(home, settings)) {
            hub.drop("web", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("web"), 1);
            Path passwordFile = home.resolve(ReaderPassword.FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            String password = Files.readString(passwordFile).strip();
            String url = "jdbc:hsqldb:hsql://127.0.0.1:" + port + "/hub";
            Path scriptTarget = home.resolve("stolen.sql");

            try (Connection c = DriverManager.getConnection(url, "READER", password); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT COUNT(*) FROM usage_log")).isPositive();
                assertThat(count(st, "SELECT COUNT(*) FROM hub_job")).isEqualTo(1);
                assertThat(count(st, "SELECT COUNT(*) FROM ai_spend")).isZero();
                for (String attack : new String[] {
                        "DELETE FROM ai_spend",
                        "DELETE FROM usage_log",
                        "UPDATE usage_log SET cost_usd = 0",
                        "INSERT INTO ai_spend (task_key, route, model, reserved_at, estimate_usd, state) VALUES ('k', 'r', 'm', CURRENT_TIMESTAMP, 1, 'RESERVED')",
                        "CREATE TABLE mine (x INT)",
                        "CREATE SCHEMA evil AUTHORIZATION READER",
                        "DROP TABLE usage_log",
                        "SCRIPT '" + scriptTarget + "'",
                        "CHECKPOINT",
                        "SHUTDOWN",
                        "SHUTDOWN IMMEDIATELY",
                        "CREATE FUNCTION prop(k VARCHAR(100)) RETURNS VARCHAR(1000) LANGUAGE JAVA DETERMINISTIC NO SQL "
                                + "EXTERNAL NAME 'CLASSPATH:java.lang.System.getProperty'",
                        "CALL \"java.lang.System.getProperty\"('user.home')",
                        "VALUES LOAD_FILE('/etc/passwd')",
                        "CREATE USER intruder PASSWORD 'x' ADMIN",
                        "SET DATABASE AUTHENTICATION FUNCTION NONE"}) {
                    assertThat(refused(st, attack)).as("refused: " + attack).isTrue();
                }
                // a grant without the grant option is a no-op in SQL, not an error: check that it changed nothing
                refused(st, "GRANT SELECT ON usage_log TO PUBLIC");
                // changing its own stored password locks nobody out: logins are checked against the hub's copy
                st.execute("SET PASSWORD 'changed'");
            }
            assertThat(scriptTarget).doesNotExist();
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.TABLE_PRIVILEGES WHERE GRANTEE = 'PUBLIC' AND TABLE_NAME = 'USAGE_LOG'")
                    .get(0).get("n")).isEqualTo(0L);
            try (Connection c = DriverManager.getConnection(url, "READER", password); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT COUNT(*) FROM usage_log")).isPositive();
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, "READER", "changed")).isInstanceOf(SQLException.class);

            for (String guess : new String[] {"", "sa", password, LedgerLogin.adminToken()}) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, "SA", guess)).as("SA over the network").isInstanceOf(SQLException.class);
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, "INTRUDER", "x")).isInstanceOf(SQLException.class);

            // the hub still writes: nothing above stopped or changed it
            hub.drop("web", "second.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("web"), 2);
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job WHERE state = 'DONE'").get(0).get("n")).isEqualTo(2L);

            // `hub sql` on the running hub reads through the server as the reader, and a write is refused
            Output ok = sql(home, port, "SELECT file_name FROM hub_job ORDER BY file_name");
            assertThat(ok.code).isZero();
            assertThat(ok.out).contains("file_name").contains("second.jpg").contains("sunset.jpg").contains("(2 rows)");
            Output refused = sql(home, port, "DELETE FROM usage_log");
            assertThat(refused.code).isEqualTo(1);
            assertThat(refused.err).startsWith("ERROR: ");
        }
        // and on the stopped hub it reads the files, read-only
        Output stopped = sql(home, port, "SELECT COUNT(*) AS files FROM hub_job");
        assertThat(stopped.code).isZero();
        assertThat(stopped.out).contains("files").contains("2");
        Output refused = sql(home, port, "DELETE FROM hub_job");
        assertThat(refused.code).isEqualTo(1);
        Output script = sql(home, port, "\\d\nSELECT route,\n  COUNT(*) AS n FROM usage_log GROUP BY route;\n\\d hub_job\n\\q\n");
        assertThat(script.code).isZero();
        assertThat(script.out).contains("USAGE_LOG").contains("hotfolder-web").contains("FILE_SHA256");
        // the hub starts again afterwards: the command released its files and the lock
        try (TestHub hub = TestHub.start(home, settings)) {
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job").get(0).get("n")).isEqualTo(2L);
        }
    }

    @Test
    void aLedgerOfAnEarlierVersionLosesItsEmptyAdminPasswordAtTheNextStart() throws Exception {
        Path db = home.resolve("data/ledger/hub");
        String url = "jdbc:hsqldb:file:" + db + ";hsqldb.write_delay=false;hsqldb.lock_file=false";
        try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE legacy (x INT)");
            st.execute("SHUTDOWN");
        }
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM legacy").get(0).get("n")).isEqualTo(0L);
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url + ";ifexists=true", "SA", "")).isInstanceOf(SQLException.class);
    }

    private record Output(int code, String out, String err) {
    }

    private static Output sql(Path home, int port, String queryOrScript) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        HubSettings s = HubSettings.load(home, Map.of("hub.db.server.enabled", "true", "hub.db.server.port", String.valueOf(port)));
        boolean script = queryOrScript.contains("\n");
        int code = SqlCommand.run(s, script ? new String[0] : new String[] {queryOrScript},
                new ByteArrayInputStream(queryOrScript.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static boolean refused(Statement st, String sql) {
        try {
            st.execute(sql);
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
