package dev.imagehub.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.imagehub.console.CostReport;
import dev.imagehub.housekeeping.LedgerRollup;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily totals on a real HSQLDB: kept as jobs commit, they equal SQL over the detail to the cent for every way the
 * console groups costs; rebuilding them from the detail gives the same rows; housekeeping's roll-up leaves them as they
 * were; writers racing on one key lose nothing.
 */
class UsageTotalsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final String[] MODELS = {"wavespeed-ai/flux-kontext-pro", "bytedance/seedream-v4", "google/nano-banana/edit"};
    private static final String[] ROUTES = {"hotfolder-web", "hotfolder-upscale", "mail-studio"};
    private static final String[] CAMPAIGNS = {null, "batch spring-sale", "mail: Spring sale", "calendar 2026-12-01"};
    private static final String[] SENDERS = {null, "ada@example.com", "bob@example.org"};

    private HikariDataSource ds;
    private JobJournal journal;

    @BeforeEach
    void openDatabase() throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:hsqldb:mem:totals-" + UUID.randomUUID());
        cfg.setUsername("SA");
        cfg.setPassword("");
        cfg.setMaximumPoolSize(6);
        ds = new HikariDataSource(cfg);
        Ledger.applySchema(ds);
        journal = new JobJournal(ds);
        UsageTotals.ensure(ds, ZONE);
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } finally {
            ds.close();
        }
    }

    /** Jobs spread over 40 days, each with a free decode step and a paid AI step, written as the hub writes them. */
    private void seed(int jobs, LocalDate today) throws SQLException {
        Random random = new Random(11);
        for (int i = 0; i < jobs; i++) {
            String route = ROUTES[i % ROUTES.length];
            String campaign = CAMPAIGNS[random.nextInt(CAMPAIGNS.length)];
            String sender = SENDERS[random.nextInt(SENDERS.length)];
            String chain = "chain-" + (i % 4);
            String job = journal.begin(route, "web", chain, "p" + i + ".jpg", 10, "a".repeat(64), campaign, sender);
            Instant at = today.minusDays(random.nextInt(40)).atTime(random.nextInt(24), random.nextInt(60)).atZone(ZONE).toInstant();
            BigDecimal cost = new BigDecimal(random.nextInt(250_000)).movePointLeft(6);
            List<UsageRecord> rows = List.of(UsageRecord.local("decode", 0, UsageRecord.OK, 3 + i % 5, 10, 10, null, null),
                    new UsageRecord("edit", 1, "wavespeed", MODELS[random.nextInt(MODELS.length)], "p-" + i, i % 9 == 0 ? UsageRecord.FAILED : UsageRecord.OK,
                            cost, cost, 1000 + i, 1, 1, null, null));
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                UsageOrigin origin = new UsageOrigin(at, route.startsWith("mail") ? "mail" : "hotfolder", route, job, "p" + i + ".jpg", null, chain,
                        campaign, sender);
                String outputs = i % 2 == 0 ? "web/p" + i + ".jpg\nweb/p" + i + ".webp" : "web/p" + i + ".avif";
                UsageLog.write(c, origin, rows);
                UsageLog.finished(c, origin, i % 9 == 0, outputs);
                // what JobJournal.commit sets, at the job's own time
                try (PreparedStatement ps = c.prepareStatement("UPDATE hub_job SET state = ?, finished_at = ?, outputs = ? WHERE job_id = ?")) {
                    ps.setString(1, i % 9 == 0 ? JobRecord.FAILED : JobRecord.DONE);
                    ps.setObject(2, at.atZone(ZONE).toOffsetDateTime());
                    ps.setString(3, i % 9 == 0 ? null : outputs);
                    ps.setString(4, job);
                    ps.executeUpdate();
                }
                c.commit();
            }
        }
    }

    private BigDecimal sql(String where, Object key, LocalDate from, LocalDate to) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(u.cost_usd), 0) FROM usage_log u LEFT JOIN hub_job j ON j.job_id = u.job_id "
                     + "WHERE u.ts >= ? AND u.ts < ? AND " + where)) {
            ps.setObject(1, from.atStartOfDay(ZONE).toOffsetDateTime());
            ps.setObject(2, to.atStartOfDay(ZONE).toOffsetDateTime());
            ps.setObject(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    private List<List<Object>> totals() throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        for (String table : new String[] {"usage_totals", "job_totals", "format_totals"}) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2, 3, 4, 5")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(List.of(table));
                    for (int i = 1; i <= n; i++) row.add(rs.getObject(i) instanceof BigDecimal b ? b.stripTrailingZeros() : rs.getObject(i));
                    rows.add(row);
                }
            }
        }
        rows.sort(java.util.Comparator.comparing(Object::toString));
        return rows;
    }

    @Test
    void costs_from_the_totals_equal_sql_over_the_detail_to_the_cent_for_every_grouping() throws Exception {
        LocalDate today = LocalDate.of(2026, 12, 7);
        seed(300, today);
        CostReport report = new CostReport(ds, ZONE);
        LocalDate from = today.minusDays(29);
        LocalDate to = today.plusDays(1);
        for (CostReport.GroupBy by : CostReport.GroupBy.values()) {
            CostReport.Table t = report.table(from, to, CostReport.Period.DAY, by);
            assertThat(t.total()).as(by.word()).isEqualByComparingTo(sql("1 = ?", 1, from, to));
            for (String key : t.keys()) {
                String where = switch (by) {
                    case FOLDER -> "u.route = ?";
                    case MODEL -> "u.model = ?";
                    case SOURCE -> "u.source = ?";
                    case CHAIN -> "j.chain = ?";
                    case CAMPAIGN -> "COALESCE(j.campaign, '(none)') = ?";
                    case SENDER -> "COALESCE(j.sender, '(none)') = ?";
                };
                assertThat(t.keyTotals().get(key)).as(by.word() + " " + key).isEqualByComparingTo(sql(where, key, from, to));
                for (LocalDate day = from; day.isBefore(to); day = day.plusDays(5)) {
                    assertThat(t.cell(key, day)).as(by.word() + " " + key + " on " + day).isEqualByComparingTo(sql(where, key, day, day.plusDays(1)));
                }
            }
        }
        assertThat(report.table(from, to, CostReport.Period.DAY, CostReport.GroupBy.CAMPAIGN).keys())
                .contains("batch spring-sale", "mail: Spring sale", "calendar 2026-12-01", "(none)");
        // jobs and formats as hub_job counts them
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT SUM(jobs), SUM(failed_jobs) FROM job_totals");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(300);
            assertThat(rs.getLong(2)).isEqualTo(34);                // i % 9 == 0 for i < 300
            rs = st.executeQuery("SELECT format, SUM(files) FROM format_totals GROUP BY format ORDER BY format");
            List<String> formats = new ArrayList<>();
            while (rs.next()) formats.add(rs.getString(1) + "=" + rs.getLong(2));
            assertThat(formats).containsExactly("avif=" + 133, "jpg=" + 133, "webp=" + 133);
        }
    }

    @Test
    void totals_rebuilt_from_the_detail_are_those_kept_as_jobs_committed() throws Exception {
        seed(120, LocalDate.of(2026, 12, 7));
        List<List<Object>> kept = totals();
        assertThat(kept).isNotEmpty();
        // a zone change rebuilds them with other days; changing back gives the rows kept one by one
        UsageTotals.ensure(ds, ZoneId.of("Pacific/Auckland"));
        assertThat(totals()).isNotEqualTo(kept);
        UsageTotals.ensure(ds, ZONE);
        assertThat(totals()).isEqualTo(kept);
    }

    @Test
    void rolling_detail_up_leaves_the_totals_and_a_rebuild_still_counts_every_cent_by_folder() throws Exception {
        LocalDate today = LocalDate.of(2026, 12, 7);
        seed(120, today);
        List<List<Object>> kept = totals();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("UPDATE hub_job SET finalized = TRUE");
        }
        long[] rolled = new LedgerRollup(ZONE).rollUp(ds, today.minusDays(20).atStartOfDay(ZONE).toInstant());
        assertThat(rolled[0]).isPositive();
        assertThat(totals()).isEqualTo(kept);
        CostReport report = new CostReport(ds, ZONE);
        CostReport.Table before = report.table(today.minusDays(45), today.plusDays(1), CostReport.Period.MONTH, CostReport.GroupBy.FOLDER);
        UsageTotals.ensure(ds, ZoneId.of("UTC"));
        UsageTotals.ensure(ds, ZONE);
        CostReport.Table after = report.table(today.minusDays(45), today.plusDays(1), CostReport.Period.MONTH, CostReport.GroupBy.FOLDER);
        assertThat(after.total()).isEqualByComparingTo(before.total());
        for (String key : before.keys()) assertThat(after.keyTotals().get(key)).as(key).isEqualByComparingTo(before.keyTotals().get(key));
    }

    @Test
    void writers_racing_on_one_key_lose_nothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    String job = journal.begin("hotfolder-web", "web", "web", "p.jpg", 1, "a".repeat(64));
                    journal.commit(job, true, "hotfolder", "hotfolder-web", "p.jpg", "a".repeat(64),
                            List.of(new UsageRecord("edit", 1, "wavespeed", MODELS[0], null, UsageRecord.OK, new BigDecimal("0.012345"),
                                    new BigDecimal("0.012345"), 5, 1, 1, null, null)), null, null, "web/p.jpg");
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT SUM(runs), SUM(cost_usd) FROM usage_totals WHERE step = 'edit'");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(100);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("1.2345");
            rs = st.executeQuery("SELECT SUM(jobs) FROM job_totals");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(100);
        }
    }

    @Test
    void a_mail_thread_is_its_subject_without_reply_prefixes() {
        assertThat(Campaigns.mailThread("Re: Fwd: Spring sale")).isEqualTo("mail: Spring sale");
        assertThat(Campaigns.mailThread("AW: re[2]: Spring sale ")).isEqualTo("mail: Spring sale");
        assertThat(Campaigns.mailThread("")).isEqualTo("mail: (no subject)");
        assertThat(Campaigns.sender(" Ada@Example.COM")).isEqualTo("ada@example.com");
    }
}
