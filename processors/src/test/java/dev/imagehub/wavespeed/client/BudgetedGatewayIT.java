package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.imagehub.ledger.LedgerAccess;
import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.budget.BudgetConfig;
import dev.imagehub.wavespeed.budget.Budgets;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/** The real client with the real budgets over HTTP: parallel tasks against a budget for three send exactly three. */
class BudgetedGatewayIT {
    private static final String UPSCALER = "wavespeed-ai/image-upscaler";
    private static WaveSpeedEmulator emu;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws IOException {
        emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void should_submit_only_what_the_budget_allows_when_tasks_run_in_parallel() throws Exception {
        // given: 8 different images at $0.01 each, a daily budget of $0.03, 8 tasks allowed at once
        emu.reset();
        int tasks = 8;
        try (HikariDataSource budgetDb = budgetDatabase();
             GatewayHarness h = new GatewayHarness(home, emu, Map.of("hub.wavespeed.concurrency", "8"), budgets(budgetDb))) {
            CyclicBarrier start = new CyclicBarrier(tasks);
            ExecutorService pool = Executors.newFixedThreadPool(tasks);
            List<Future<String>> results = new ArrayList<>();
            try {
                for (int i = 0; i < tasks; i++) {
                    byte[] png = GatewayHarness.png(40, 40, 100 + i);
                    String sha = TaskKey.sha256(png);
                    String job = h.job(sha);
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            h.gateway.run(h.call(job, sha, UPSCALER, Map.of("image", AiInput.of(png, "p.png"))));
                            return "ok";
                        } catch (AiFailure f) {
                            return f.getMessage();
                        }
                    }));
                }
                // when
                List<String> outcomes = new ArrayList<>();
                for (Future<String> f : results) outcomes.add(f.get(60, TimeUnit.SECONDS));

                // then: three ran, five were refused naming the budget, and WaveSpeed saw exactly three submits
                assertThat(outcomes).filteredOn("ok"::equals).hasSize(3);
                assertThat(outcomes).filteredOn(o -> !o.equals("ok")).hasSize(5)
                        .allSatisfy(o -> assertThat(o).startsWith("budget exceeded: the overall daily budget").contains("is $0.03"));
                assertThat(emu.stats().submits(UPSCALER)).isEqualTo(3);
                assertThat(settledCosts(budgetDb)).containsExactly(new BigDecimal("0.01"), new BigDecimal("0.01"), new BigDecimal("0.01"));
                assertThat(budgets.status(null).get(0).spent()).isEqualByComparingTo("0.03");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private Budgets budgets;

    private Budgets budgets(HikariDataSource ds) {
        budgets = new Budgets(BudgetConfig.parse("overall: {day: 0.03}\n", "config/budgets.yaml"), ds, Clock.systemDefaultZone());
        return budgets;
    }

    // the budgets on a database of their own: the guard needs no more than a DataSource with the schema
    private static HikariDataSource budgetDatabase() throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:hsqldb:mem:budgeted-" + java.util.UUID.randomUUID());
        cfg.setUsername("SA");
        cfg.setPassword("");
        cfg.setMaximumPoolSize(10);
        HikariDataSource ds = new HikariDataSource(cfg);
        LedgerAccess.applySchema(ds);
        return ds;
    }

    private static List<BigDecimal> settledCosts(HikariDataSource ds) throws Exception {
        List<BigDecimal> out = new ArrayList<>();
        try (var c = ds.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT actual_usd FROM ai_spend WHERE state = 'SETTLED' ORDER BY id")) {
            while (rs.next()) out.add(rs.getBigDecimal(1).stripTrailingZeros());
        }
        return out;
    }
}
