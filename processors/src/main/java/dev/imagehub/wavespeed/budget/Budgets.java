package dev.imagehub.wavespeed.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.SpendGuard;

/**
 * The budgets of config/budgets.yaml enforced on the ledger database. Spending is the sum of the reservations in
 * table {@code ai_spend} (the estimate until settled, then the actual cost; released ones are deleted). A reservation
 * takes a row lock on {@code ai_budget_lock} first, then sums and inserts in the same transaction: every reserve, in
 * this hub or another hub on the same PostgreSQL, waits for the previous one to commit, so parallel tasks can never
 * overshoot a budget together.
 */
public final class Budgets implements SpendGuard {
    private static final Logger LOG = LoggerFactory.getLogger(Budgets.class);
    static final String RESERVED = "RESERVED";
    static final String SETTLED = "SETTLED";
    private static final String AMOUNT = "CASE WHEN state = '" + SETTLED + "' THEN actual_usd ELSE estimate_usd END";

    private final BudgetConfig config;
    private final DataSource dataSource;
    private final Clock clock;

    public Budgets(BudgetConfig config, DataSource dataSource, Clock clock) {
        this.config = config;
        this.dataSource = dataSource;
        this.clock = clock.withZone(config.zone());
        ensureLockRow();
    }

    public BudgetConfig config() {
        return config;
    }

    @Override
    public void reserve(String taskKey, String route, String modelId, BigDecimal estimateUsd) throws AiFailure {
        Objects.requireNonNull(estimateUsd, "estimateUsd");
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                lock(c);
                if (openReservation(c, taskKey)) {
                    c.commit();
                    return;
                }
                List<String> over = new ArrayList<>();
                for (BudgetStatus s : status(c, route)) {
                    BigDecimal after = s.spent().add(estimateUsd);
                    if (after.compareTo(s.budget().limit()) > 0) over.add(refusal(s, after, modelId, estimateUsd));
                }
                if (!over.isEmpty()) {
                    c.rollback();
                    throw AiFailure.notSent("budget exceeded: " + String.join("; also ", over)
                            + ". Nothing was sent and nothing was charged. Raise the limit in config/budgets.yaml, or"
                            + " move the file back into the inbox when the budget has room again.");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ai_spend (task_key, route, model, reserved_at,"
                        + " estimate_usd, state) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, taskKey);
                    ps.setString(2, route);
                    ps.setString(3, modelId);
                    ps.setObject(4, OffsetDateTime.now(clock));
                    ps.setBigDecimal(5, estimateUsd);
                    ps.setString(6, RESERVED);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            // without a working ledger the budgets cannot be checked, so nothing may be spent
            throw AiFailure.notSent("the budgets cannot be checked because the ledger database failed (" + e.getMessage()
                    + "); nothing was sent. Check the database and move the file back into the inbox.");
        }
    }

    @Override
    public void settle(String taskKey, BigDecimal actualUsd) {
        Objects.requireNonNull(actualUsd, "actualUsd");
        int n = update("UPDATE ai_spend SET state = '" + SETTLED + "', actual_usd = ?, settled_at = ? WHERE task_key = ? AND state = '"
                + RESERVED + "'", actualUsd, OffsetDateTime.now(clock), taskKey);
        // settling twice (a task resumed after it was settled) must not change the recorded cost
        if (n == 0) LOG.debug("settle {}: no open reservation, nothing changed", taskKey);
    }

    @Override
    public void release(String taskKey) {
        update("DELETE FROM ai_spend WHERE task_key = ? AND state = '" + RESERVED + "'", taskKey);
    }

    /** Every budget that applies to {@code route} (all overall budgets when null), with what is spent and left now. */
    public List<BudgetStatus> status(String route) {
        try (Connection c = dataSource.getConnection()) {
            return status(c, route);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the AI spending from the ledger: " + e.getMessage(), e);
        }
    }

    private List<BudgetStatus> status(Connection c, String route) throws SQLException {
        return status(config, clock, c, route);
    }

    /**
     * As {@link #status(String)} on a connection of its own (a command reading a running hub's ledger through its SQL
     * server): every budget of {@code config} that applies to {@code route}, or the overall ones when null. A null
     * connection (no ledger yet) counts nothing as spent.
     */
    public static List<BudgetStatus> status(BudgetConfig config, Clock clock, Connection c, String route) throws SQLException {
        clock = clock.withZone(config.zone());
        List<Budget> applicable = config.budgets().stream().filter(b -> route == null ? b.overall() : b.covers(route)).toList();
        if (applicable.isEmpty()) return List.of();
        if (c == null) return applicable.stream().map(b -> new BudgetStatus(b, BigDecimal.ZERO, b.limit())).toList();
        ZonedDateTime now = ZonedDateTime.now(clock);
        LocalDate today = now.toLocalDate();
        OffsetDateTime dayStart = today.atStartOfDay(config.zone()).toOffsetDateTime();
        OffsetDateTime dayEnd = today.plusDays(1).atStartOfDay(config.zone()).toOffsetDateTime();
        OffsetDateTime monthStart = today.withDayOfMonth(1).atStartOfDay(config.zone()).toOffsetDateTime();
        OffsetDateTime monthEnd = today.withDayOfMonth(1).plusMonths(1).atStartOfDay(config.zone()).toOffsetDateTime();
        Map<String, BigDecimal[]> byRoute = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT route, SUM(CASE WHEN reserved_at >= ? AND reserved_at < ? THEN "
                + AMOUNT + " ELSE 0 END), SUM(" + AMOUNT + ") FROM ai_spend WHERE reserved_at >= ? AND reserved_at < ? GROUP BY route")) {
            ps.setObject(1, dayStart);
            ps.setObject(2, dayEnd);
            ps.setObject(3, monthStart);
            ps.setObject(4, monthEnd);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byRoute.put(rs.getString(1), new BigDecimal[] {zero(rs.getBigDecimal(2)), zero(rs.getBigDecimal(3))});
                }
            }
        }
        List<BudgetStatus> out = new ArrayList<>();
        for (Budget b : applicable) {
            int i = b.period() == Budget.Period.DAY ? 0 : 1;
            BigDecimal spent = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal[]> e : byRoute.entrySet()) {
                if (b.covers(e.getKey())) spent = spent.add(e.getValue()[i]);
            }
            out.add(new BudgetStatus(b, spent, b.limit().subtract(spent).max(BigDecimal.ZERO)));
        }
        return out;
    }

    private String refusal(BudgetStatus s, BigDecimal after, String modelId, BigDecimal estimate) {
        Budget b = s.budget();
        ZonedDateTime now = ZonedDateTime.now(clock);
        String period = b.period() == Budget.Period.DAY ? now.toLocalDate().toString()
                : now.format(DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT));
        return String.format(Locale.ROOT, "%s (%s in config/budgets.yaml) is %s for %s (%s, %s); %s is already spent or"
                        + " reserved %s, and this task (%s, estimated %s) would bring it to %s, %s over",
                b.describe(), b.key(), usd(b.limit()), b.period().current(), period, config.zone(), usd(s.spent()),
                b.period().current(), modelId, usd(estimate), usd(after), usd(after.subtract(b.limit())));
    }

    /** USD with at least two decimals and no trailing zeros beyond them: $5.00, $0.011, $0.0001. */
    static String usd(BigDecimal amount) {
        BigDecimal v = amount.stripTrailingZeros();
        if (v.scale() < 2) v = v.setScale(2, RoundingMode.UNNECESSARY);
        return "$" + v.toPlainString();
    }

    private static BigDecimal zero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private static boolean openReservation(Connection c, String taskKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ai_spend WHERE task_key = ? AND state = '" + RESERVED + "'")) {
            ps.setString(1, taskKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    // the row lock that serialises reservations: held until the reserving transaction commits or rolls back
    private static void lock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ai_budget_lock SET n = n + 1 WHERE id = 1")) {
            if (ps.executeUpdate() != 1) throw new SQLException("the lock row of table ai_budget_lock is missing");
        }
    }

    private void ensureLockRow() {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ai_budget_lock WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ai_budget_lock (id, n) VALUES (1, 0)")) {
                ps.executeUpdate();
            } catch (SQLException e) {
                // another hub on the same database inserted it first: fine, the row exists
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the budget lock in the ledger database: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record AI spending in the ledger: " + e.getMessage(), e);
        }
    }
}
