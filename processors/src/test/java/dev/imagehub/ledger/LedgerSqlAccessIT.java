package dev.imagehub.ledger;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubSettings;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** While the hub runs, a plain JDBC client reads usage_log over the loopback SQL server, and `hub summary` reports the day. */
class LedgerSqlAccessIT {

    @TempDir
    Path home;

    @Test
    void should_serve_the_ledger_to_sql_clients_and_summarise_today() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> settings = Map.of("hub.db.server.enabled", "true", "hub.db.server.port", String.valueOf(port));
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home, settings)) {
            hub.drop("web", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("web", "broken.jpg", new byte[0]);
            hub.awaitFiles(hub.done("web"), 1);
            hub.awaitFiles(hub.failed("web"), 2);

            try (Connection c = DriverManager.getConnection("jdbc:hsqldb:hsql://127.0.0.1:" + port + "/hub", "READER",
                    java.nio.file.Files.readString(home.resolve(ReaderPassword.FILE)).strip());
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT route, file_name, COUNT(*) AS ops, SUM(bytes_out) FROM usage_log "
                         + "WHERE CAST(ts AS DATE) = CURRENT_DATE GROUP BY route, file_name ORDER BY file_name")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("file_name")).isEqualTo("broken.jpg");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("file_name")).isEqualTo("sunset.jpg");
                assertThat(rs.getInt("ops")).isEqualTo(8);
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            UsageSummary.print(HubSettings.load(home, Map.of("hub.db.server.port", String.valueOf(port))), new String[0],
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(report).contains("files: 2 (1 failed)").contains("hotfolder-web").contains("resize").contains("probe");
        }
    }
}
