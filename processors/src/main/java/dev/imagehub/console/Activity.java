package dev.imagehub.console;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import dev.imagehub.HubServices;
import dev.imagehub.wavespeed.budget.Budget;
import dev.imagehub.wavespeed.budget.BudgetStatus;

/** What the overview shows: each hot folder's day, the hub's health, the budgets and the latest failures. */
public final class Activity {
    /** One hot folder today: done and failed files, files in flight, files waiting in its inbox, the last file. */
    public record Folder(String name, String chain, long done, long failed, long inFlight, long backlog, String lastFile, OffsetDateTime lastAt) {
    }

    /** One health check. */
    public record Check(String name, String state, String message) {
        public boolean down() {
            return "DOWN".equals(state);
        }
    }

    /** A budget against its cap, with where the month (or day) is heading at today's pace. */
    public record BudgetUse(String name, String period, BigDecimal spent, BigDecimal limit, int percent, BigDecimal projected) {
    }

    /** The overview as one snapshot. */
    public record Snapshot(List<Folder> folders, List<Check> checks, boolean healthy, List<BudgetUse> budgets, List<JobHistory.Job> failures,
                           OffsetDateTime at) {
    }

    private final HubServices hub;
    private final CamelContext camel;
    private final ZoneId zone;
    private final Map<String, String> hotFolders;

    /** {@code hotFolders}: folder -> chain of the hub's routes. */
    public Activity(HubServices hub, CamelContext camel, ZoneId zone, Map<String, String> hotFolders) {
        this.hub = hub;
        this.camel = camel;
        this.zone = zone;
        this.hotFolders = hotFolders;
    }

    public Snapshot snapshot() throws SQLException {
        Map<String, String> chains = hotFolders;
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Object[]> last = new LinkedHashMap<>();
        ZonedDateTime today = LocalDate.now(zone).atStartOfDay(zone);
        try (Connection c = hub.dataSource().getConnection()) {
            // today's files by folder and state, then what runs now: two index ranges, never a scan of the whole journal
            try (PreparedStatement ps = c.prepareStatement("SELECT folder, state, COUNT(*) FROM hub_job WHERE started_at >= ? GROUP BY folder, state")) {
                ps.setTimestamp(1, Timestamp.from(today.toInstant()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] n = counts.computeIfAbsent(rs.getString(1), k -> new long[3]);
                        switch (rs.getString(2)) {
                            case "DONE" -> n[0] += rs.getLong(3);
                            case "FAILED" -> n[1] += rs.getLong(3);
                            default -> { }
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT folder, COUNT(*) FROM hub_job WHERE state = 'RUNNING' GROUP BY folder")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) counts.computeIfAbsent(rs.getString(1), k -> new long[3])[2] = rs.getLong(2);
                }
            }
            // the last file of each folder today, from today's rows only (a folder idle today shows none)
            try (PreparedStatement ps = c.prepareStatement("SELECT folder, file_name, finished_at FROM hub_job WHERE started_at >= ? "
                    + "AND finished_at IS NOT NULL")) {
                ps.setTimestamp(1, Timestamp.from(today.toInstant()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                        Object[] seen = last.get(rs.getString(1));
                        if (seen == null || at.isAfter((OffsetDateTime) seen[1])) last.put(rs.getString(1), new Object[] {rs.getString(2), at});
                    }
                }
            }
        }
        List<Folder> folders = new ArrayList<>();
        for (Map.Entry<String, String> f : chains.entrySet()) {
            long[] n = counts.getOrDefault(f.getKey(), new long[3]);
            Object[] l = last.get(f.getKey());
            folders.add(new Folder(f.getKey(), f.getValue(), n[0], n[1], n[2], backlog(hub.home().resolve("inbox").resolve(f.getKey())),
                    l == null ? null : (String) l[0], l == null ? null : (OffsetDateTime) l[1]));
        }
        List<Check> checks = new ArrayList<>();
        boolean healthy = true;
        for (HealthCheck.Result r : HealthCheckHelper.invoke(camel)) {
            if (!"hub".equals(r.getCheck().getGroup()) && r.getState() == HealthCheck.State.UP) continue;   // Camel's own, when fine
            checks.add(new Check(r.getCheck().getId(), r.getState().name(), r.getMessage().orElse("")));
            healthy &= r.getState() != HealthCheck.State.DOWN;
        }
        checks.sort((a, b) -> a.name().compareTo(b.name()));
        JobHistory history = new JobHistory(hub.dataSource(), zone);
        List<JobHistory.Job> failures = history.search(new JobHistory.Search("", "", "FAILED", null, null, 10));
        return new Snapshot(folders, checks, healthy, budgets(), failures, OffsetDateTime.now(zone));
    }

    List<BudgetUse> budgets() {
        List<BudgetUse> out = new ArrayList<>();
        for (Budget b : hub.budgets().config().budgets()) {
            BigDecimal spent;
            try {
                spent = hub.budgets().status(b.overall() ? null : b.route()).stream().filter(s -> s.budget().equals(b)).findFirst()
                        .map(BudgetStatus::spent).orElse(BigDecimal.ZERO);
            } catch (RuntimeException e) {
                continue;                                           // the ledger is down: health says so
            }
            int percent = b.limit().signum() == 0 ? 100 : spent.multiply(BigDecimal.valueOf(100)).divide(b.limit(), 0, RoundingMode.HALF_UP).intValue();
            out.add(new BudgetUse(b.overall() ? "all AI" : b.route(), b.period().word(), spent, b.limit(), percent, projected(b, spent)));
        }
        return out;
    }

    // at the pace so far this month (or day), what the period will have cost at its end
    private BigDecimal projected(Budget b, BigDecimal spent) {
        ZoneId z = hub.budgets().config().zone();
        ZonedDateTime now = ZonedDateTime.now(z);
        double elapsed;
        double length;
        if (b.period() == Budget.Period.MONTH) {
            ZonedDateTime start = now.toLocalDate().withDayOfMonth(1).atStartOfDay(z);
            elapsed = java.time.Duration.between(start, now).toSeconds();
            length = YearMonth.from(now).lengthOfMonth() * 86_400.0;
        } else {
            elapsed = java.time.Duration.between(now.toLocalDate().atStartOfDay(z), now).toSeconds();
            length = 86_400.0;
        }
        if (elapsed < 3_600) return spent;                          // too early in the period to extrapolate
        return spent.multiply(BigDecimal.valueOf(length / elapsed)).setScale(2, RoundingMode.HALF_UP);
    }

    private static long backlog(Path inbox) {
        if (!Files.isDirectory(inbox)) return 0;
        try (Stream<Path> s = Files.list(inbox)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && !n.endsWith(".json") && Files.isRegularFile(p);
            }).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
