package dev.imagehub.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubSettings;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded ledger keeps its rows on disk (cached tables), also a ledger made by an earlier version with memory tables. */
class LedgerTablesTest {
    @TempDir
    Path home;

    private Map<String, String> types(Ledger ledger) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = ledger.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT TABLE_NAME, HSQLDB_TYPE FROM INFORMATION_SCHEMA.SYSTEM_TABLES WHERE TABLE_SCHEM = 'PUBLIC'")) {
            while (rs.next()) out.put(rs.getString(1), rs.getString(2));
        }
        return out;
    }

    @Test
    void every_table_is_cached_in_a_new_ledger() throws Exception {
        try (Ledger ledger = Ledger.open(HubSettings.load(home, TestHub.defaults(), Map.of()))) {
            assertThat(types(ledger)).containsKeys("USAGE_LOG", "HUB_JOB", "CONSOLE_USER").allSatisfy((table, type) -> assertThat(type).as(table).isEqualTo("CACHED"));
        }
    }

    @Test
    void memory_tables_of_an_older_ledger_become_cached_and_keep_their_rows() throws Exception {
        Map<String, String> legacy = new HashMap<>(TestHub.defaults());
        // the URL of earlier versions: tables created without a type are memory tables, reloaded from text at each start
        legacy.put("hub.db.url", "jdbc:hsqldb:file:" + home.resolve("data/ledger/hub") + ";hsqldb.write_delay=false;hsqldb.lock_file=false");
        try (Ledger ledger = Ledger.open(HubSettings.load(home, legacy, Map.of()))) {
            try (Connection c = ledger.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO console_audit (ts, user_name, action) VALUES (CURRENT_TIMESTAMP, 'ada', 'login')");
            }
            assertThat(types(ledger)).allSatisfy((table, type) -> assertThat(type).as(table).isEqualTo("CACHED"));
        }
        try (Ledger ledger = Ledger.open(HubSettings.load(home, TestHub.defaults(), Map.of()))) {
            assertThat(types(ledger)).allSatisfy((table, type) -> assertThat(type).as(table).isEqualTo("CACHED"));
            assertThat(new dev.imagehub.console.Audit(ledger.dataSource()).latest(5)).extracting(a -> a.user()).containsExactly("ada");
        }
    }

    @Test
    void a_ledger_made_before_flyway_is_baselined_and_migrated_keeping_its_rows() throws Exception {
        // the tables as the version before Flyway left them: db/schema.sql applied directly, no history table
        String url = "jdbc:hsqldb:file:" + home.resolve("data/ledger/hub") + ";hsqldb.write_delay=false;hsqldb.lock_file=false;hsqldb.default_table_type=cached";
        try (Connection c = java.sql.DriverManager.getConnection(url, "SA", ""); Statement st = c.createStatement()) {
            Ledger.applySchema(c);
            st.execute("INSERT INTO console_audit (ts, user_name, action) VALUES (CURRENT_TIMESTAMP, 'ada', 'login')");
            st.execute("SHUTDOWN");
        }
        try (Ledger ledger = Ledger.open(HubSettings.load(home, TestHub.defaults(), Map.of()));
             Connection c = ledger.dataSource().getConnection(); Statement st = c.createStatement()) {
            java.util.List<String> versions = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"")) {
                while (rs.next()) versions.add(rs.getString(1) + (rs.getBoolean(2) ? "" : " FAILED"));
            }
            assertThat(versions).containsExactly("0", "1", "2", "3");
            try (ResultSet rs = st.executeQuery("SELECT campaign, chosen_by FROM hub_job")) {
                assertThat(rs.next()).isFalse();                  // the columns of version 2 exist
            }
            assertThat(new dev.imagehub.console.Audit(ledger.dataSource()).latest(5)).extracting(a -> a.user()).containsExactly("ada");
        }
    }
}
