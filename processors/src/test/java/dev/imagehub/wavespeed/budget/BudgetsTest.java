package dev.imagehub.wavespeed.budget;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.imagehub.wavespeed.AiFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Budgets on a real HSQLDB: per route and overall, per day and month, settle and release, and no overshoot under a race. */
class BudgetsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final String UPSCALE = "hotfolder-upscale";
    private static final String CAPTION = "hotfolder-caption";
    private static final String MODEL = "wavespeed-ai/image-upscaler";
    private static final BigDecimal CENT = new BigDecimal("0.01");

    private HikariDataSource ds;
    private MutableClock clock;

    @BeforeEach
    void openDatabase() throws Exception {
        open("");
    }

    // tx: "" for HSQLDB's default (table locks, as the hub's embedded ledger), ";hsqldb.tx=mvcc" for row versioning
    // like PostgreSQL, where only the lock row keeps two reservations from reading the same total
    private void open(String tx) throws Exception {
        if (ds != null) closeDatabase();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:hsqldb:mem:budgets-" + UUID.randomUUID() + tx);
        cfg.setUsername("SA");
        cfg.setPassword("");
        cfg.setMaximumPoolSize(24);
        cfg.setPoolName("budgets-test");
        ds = new HikariDataSource(cfg);
        dev.imagehub.ledger.LedgerAccess.applySchema(ds);
        clock = new MutableClock(ZonedDateTime.of(2026, 11, 24, 10, 0, 0, 0, ZONE).toInstant());
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } finally {
            ds.close();
            ds = null;
        }
    }

    private Budgets budgets(String yaml) {
        return new Budgets(BudgetConfig.parse("timeZone: Europe/Berlin\n" + yaml, "config/budgets.yaml"), ds, clock);
    }

    @Test
    void should_refuse_the_task_that_would_exceed_the_overall_daily_budget_and_say_by_how_much() throws Exception {
        // given
        Budgets budgets = budgets("overall: {day: 0.05}\n");
        for (int i = 0; i < 5; i++) budgets.reserve("task-" + i, UPSCALE, MODEL, CENT);

        // when
        AiFailure refused = catchThrowableOfType(() -> budgets.reserve("task-5", UPSCALE, MODEL, new BigDecimal("0.03")), AiFailure.class);

        // then
        assertThat(refused.getMessage())
                .contains("the overall daily budget (overall.day in config/budgets.yaml) is $0.05 for today (2026-11-24, Europe/Berlin)")
                .contains("$0.05 is already spent or reserved today")
                .contains("this task (wavespeed-ai/image-upscaler, estimated $0.03) would bring it to $0.08, $0.03 over")
                .contains("Nothing was sent");
        assertThat(refused.costUsd()).isZero();
        assertThat(budgets.status(null)).singleElement().satisfies(s -> {
            assertThat(s.spent()).isEqualByComparingTo("0.05");
            assertThat(s.remaining()).isEqualByComparingTo("0");
        });
    }

    @Test
    void should_allow_a_task_that_fills_the_budget_exactly() throws Exception {
        // given
        Budgets budgets = budgets("overall: {day: 0.03}\n");
        budgets.reserve("a", UPSCALE, MODEL, CENT);
        budgets.reserve("b", UPSCALE, MODEL, CENT);

        // when / then
        assertThatCode(() -> budgets.reserve("c", UPSCALE, MODEL, CENT)).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(() -> budgets.reserve("d", UPSCALE, MODEL, new BigDecimal("0.000001")), AiFailure.class))
                .isNotNull();
    }

    @Test
    void should_apply_a_route_budget_named_by_folder_only_to_that_route() throws Exception {
        // given
        Budgets budgets = budgets("routes:\n  upscale: {day: 0.02}\n");
        budgets.reserve("u1", UPSCALE, MODEL, CENT);
        budgets.reserve("u2", UPSCALE, MODEL, CENT);

        // when
        AiFailure refused = catchThrowableOfType(() -> budgets.reserve("u3", UPSCALE, MODEL, CENT), AiFailure.class);

        // then: the other route is not limited by it
        assertThat(refused.getMessage()).contains("the daily budget of route 'upscale' (routes.upscale.day in config/budgets.yaml) is $0.02")
                .contains("$0.01 over");
        assertThatCode(() -> budgets.reserve("c1", CAPTION, MODEL, BigDecimal.ONE)).doesNotThrowAnyException();
        assertThat(budgets.status(UPSCALE)).singleElement().satisfies(s -> assertThat(s.spent()).isEqualByComparingTo("0.02"));
        assertThat(budgets.status(CAPTION)).isEmpty();
    }

    @Test
    void should_apply_a_route_budget_named_by_route_id() throws Exception {
        // given
        Budgets budgets = budgets("routes:\n  hotfolder-upscale: {month: 0.01}\n");
        budgets.reserve("u1", UPSCALE, MODEL, CENT);

        // when
        AiFailure refused = catchThrowableOfType(() -> budgets.reserve("u2", UPSCALE, MODEL, CENT), AiFailure.class);

        // then
        assertThat(refused.getMessage()).contains("the monthly budget of route 'hotfolder-upscale'").contains("for this month (2026-11, Europe/Berlin)");
    }

    @Test
    void should_start_a_new_day_at_midnight_in_the_configured_zone_but_keep_counting_the_month() throws Exception {
        // given: 4 cents spent on the 24th, the day budget full
        Budgets budgets = budgets("overall: {day: 0.04, month: 0.06}\n");
        for (int i = 0; i < 4; i++) budgets.reserve("d1-" + i, UPSCALE, MODEL, CENT);
        assertThat(catchThrowableOfType(() -> budgets.reserve("d1-x", UPSCALE, MODEL, CENT), AiFailure.class)).isNotNull();

        // when: 00:00:01 in Berlin is still 23:00:01 on the 24th in UTC: the zone decides
        clock.set(ZonedDateTime.of(2026, 11, 25, 0, 0, 1, 0, ZONE).toInstant());

        // then: the day has room again, the month allows only 2 more cents
        budgets.reserve("d2-0", UPSCALE, MODEL, CENT);
        budgets.reserve("d2-1", UPSCALE, MODEL, CENT);
        AiFailure refused = catchThrowableOfType(() -> budgets.reserve("d2-2", UPSCALE, MODEL, CENT), AiFailure.class);
        assertThat(refused.getMessage()).contains("the overall monthly budget").contains("$0.06 is already spent or reserved this month")
                .doesNotContain("daily");

        // and a new month starts from zero
        clock.set(ZonedDateTime.of(2026, 12, 1, 0, 0, 0, 0, ZONE).toInstant());
        assertThatCode(() -> budgets.reserve("m2-0", UPSCALE, MODEL, new BigDecimal("0.04"))).doesNotThrowAnyException();
    }

    @Test
    void should_name_every_budget_a_task_would_exceed() throws Exception {
        // given
        Budgets budgets = budgets("overall: {day: 0.01}\nroutes:\n  upscale: {day: 0.01}\n");
        budgets.reserve("a", UPSCALE, MODEL, CENT);

        // when
        AiFailure refused = catchThrowableOfType(() -> budgets.reserve("b", UPSCALE, MODEL, CENT), AiFailure.class);

        // then
        assertThat(refused.getMessage()).contains("the overall daily budget").contains("; also the daily budget of route 'upscale'");
    }

    @Test
    void should_count_the_actual_cost_once_settled() throws Exception {
        // given: a 4-cent estimate of a 5-cent budget
        Budgets budgets = budgets("overall: {day: 0.05}\n");
        budgets.reserve("a", UPSCALE, MODEL, new BigDecimal("0.04"));
        assertThat(catchThrowableOfType(() -> budgets.reserve("b", UPSCALE, MODEL, new BigDecimal("0.04")), AiFailure.class)).isNotNull();

        // when: the task really cost one cent
        budgets.settle("a", CENT);

        // then
        assertThatCode(() -> budgets.reserve("b", UPSCALE, MODEL, new BigDecimal("0.04"))).doesNotThrowAnyException();
        assertThat(budgets.status(null).get(0).spent()).isEqualByComparingTo("0.05");
    }

    @Test
    void should_not_change_a_settled_cost_when_settled_again() throws Exception {
        // given
        Budgets budgets = budgets("overall: {day: 1}\n");
        budgets.reserve("a", UPSCALE, MODEL, CENT);
        budgets.settle("a", new BigDecimal("0.02"));

        // when
        budgets.settle("a", new BigDecimal("0.50"));

        // then
        assertThat(budgets.status(null).get(0).spent()).isEqualByComparingTo("0.02");
    }

    @Test
    void should_free_the_budget_when_a_reservation_is_released() throws Exception {
        // given
        Budgets budgets = budgets("overall: {day: 0.01}\n");
        budgets.reserve("a", UPSCALE, MODEL, CENT);

        // when: the submit was refused before any task existed
        budgets.release("a");

        // then
        assertThat(budgets.status(null).get(0).spent()).isZero();
        assertThatCode(() -> budgets.reserve("b", UPSCALE, MODEL, CENT)).doesNotThrowAnyException();
    }

    @Test
    void should_count_a_task_reserved_twice_once() throws Exception {
        // given: a resumed task reserves its key again
        Budgets budgets = budgets("overall: {day: 0.01}\n");
        budgets.reserve("a", UPSCALE, MODEL, CENT);

        // when / then
        assertThatCode(() -> budgets.reserve("a", UPSCALE, MODEL, CENT)).doesNotThrowAnyException();
        assertThat(budgets.status(null).get(0).spent()).isEqualByComparingTo("0.01");
    }

    @Test
    void should_count_the_same_key_again_after_it_was_settled() throws Exception {
        // given: the same file moved back into the inbox after its task finished is a new paid task
        Budgets budgets = budgets("overall: {day: 0.01}\n");
        budgets.reserve("a", UPSCALE, MODEL, CENT);
        budgets.settle("a", CENT);

        // when
        AiFailure refused = catchThrowableOfType(() -> budgets.reserve("a", UPSCALE, MODEL, CENT), AiFailure.class);

        // then
        assertThat(refused).isNotNull();
    }

    @Test
    void should_record_everything_without_limits() throws Exception {
        // given
        Budgets budgets = new Budgets(BudgetConfig.none(), ds, clock);

        // when
        budgets.reserve("a", UPSCALE, MODEL, new BigDecimal("1000"));

        // then
        assertThat(budgets.status(UPSCALE)).isEmpty();
        assertThat(countRows()).isEqualTo(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", ";hsqldb.tx=mvcc"})
    void should_let_exactly_as_many_parallel_tasks_through_as_the_budget_fits(String tx) throws Exception {
        // given: 20 threads released together against a budget for exactly 7 tasks
        open(tx);
        Budgets budgets = budgets("overall: {day: 0.07}\nroutes:\n  upscale: {month: 0.50}\n");
        int threads = 20;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String key = "race-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        budgets.reserve(key, UPSCALE, MODEL, CENT);
                        return true;
                    } catch (AiFailure f) {
                        return false;
                    }
                }));
            }
            // when
            int ok = 0;
            for (Future<Boolean> f : results) ok += f.get(60, TimeUnit.SECONDS) ? 1 : 0;

            // then
            assertThat(ok).isEqualTo(7);
            assertThat(countRows()).isEqualTo(7);
            assertThat(budgets.status(null).get(0).spent()).isEqualByComparingTo("0.07");
        } finally {
            pool.shutdownNow();
        }
    }

    private long countRows() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM ai_spend")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A clock the test moves to another day or month. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return zone;
                }

                @Override
                public Clock withZone(ZoneId z) {
                    return MutableClock.this.withZone(z);
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
