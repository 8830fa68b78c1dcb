package dev.imagehub.ledger;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;
import dev.imagehub.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger on a real PostgreSQL server: Flyway creates it and records its versions, migrating again changes nothing,
 * racing writers keep the daily totals exact (each on its own connection and transaction), and a hub with
 * {@code hub.db.url} pointing at it processes a file with its journal, ledger and totals there.
 */
class PostgresLedgerIT {
    private static TestPostgres pg;

    @TempDir
    Path home;

    @BeforeAll
    static void startPostgres() throws Exception {
        Assumptions.assumeTrue(TestPostgres.binaries().isPresent(), "PostgreSQL is not installed (apt-get install postgresql; .ci/run does)");
        pg = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    private static HikariDataSource pool(String url) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(TestPostgres.USER);
        cfg.setMaximumPoolSize(6);
        return new HikariDataSource(cfg);
    }

    private static List<String> versions(HikariDataSource ds) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) out.add(rs.getString(1) + (rs.getBoolean(2) ? "" : " FAILED"));
        }
        return out;
    }

    @Test
    void flyway_creates_the_ledger_records_its_versions_and_a_second_migration_changes_nothing() throws Exception {
        try (HikariDataSource ds = pool(pg.createDatabase("migrations"))) {
            LedgerSchema.migrate(ds);
            assertThat(versions(ds)).containsExactly("1", "2", "3");
            LedgerSchema.migrate(ds);
            assertThat(versions(ds)).containsExactly("1", "2", "3");
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'hub_job' AND column_name IN ('campaign', 'chosen_by')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void writers_racing_on_one_key_keep_the_totals_exact() throws Exception {
        try (HikariDataSource ds = pool(pg.createDatabase("racing"))) {
            LedgerSchema.migrate(ds);
            UsageTotals.ensure(ds, java.time.ZoneId.of("Europe/Paris"));
            JobJournal journal = new JobJournal(ds);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        String job = journal.begin("hotfolder-web", "web", "web", "p.jpg", 1, "a".repeat(64), "batch spring", null);
                        journal.commit(job, true, "hotfolder", "hotfolder-web", "p.jpg", "a".repeat(64),
                                List.of(new UsageRecord("edit", 1, "wavespeed", "bytedance/seedream-v4", null, UsageRecord.OK, new BigDecimal("0.012345"),
                                        new BigDecimal("0.012345"), 5, 1, 1, null, null)), null, null, "web/p.jpg");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            threads.shutdown();
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(runs), SUM(cost_usd) FROM usage_totals WHERE step = 'edit'");
                rs.next();
                assertThat(rs.getInt(1)).as("one row per key").isEqualTo(1);
                assertThat(rs.getLong(2)).isEqualTo(100);
                assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("1.2345");
                rs = st.executeQuery("SELECT SUM(cost_usd) FROM usage_log");
                rs.next();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("1.2345");
            }
        }
    }

    @Test
    void a_hub_on_postgresql_keeps_its_journal_ledger_and_totals_there() throws Exception {
        String url = pg.createDatabase("hub");
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home, Map.of("hub.db.url", url, "hub.db.user", TestPostgres.USER))) {
            hub.drop("web", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("web"), 1);
            dev.imagehub.testing.Await.until(TestHub.TIMEOUT, "the job finalized", () -> !hub.sql(
                    "SELECT job_id FROM hub_job WHERE folder = 'web' AND state = 'DONE' AND finalized = TRUE").isEmpty());
            assertThat(hub.outbox("web").resolve("sunset.jpg")).exists();
        }
        try (HikariDataSource ds = pool(url); Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThat(versions(ds)).containsExactly("1", "2", "3");
            ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM usage_log WHERE file_name = 'sunset.jpg'");
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
            rs = st.executeQuery("SELECT SUM(jobs) FROM job_totals WHERE route = 'hotfolder-web'");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }
}
