package dev.imagehub.ledger;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

import dev.imagehub.HubSettings;

/**
 * {@code hub summary [date]}: what the hub did on a day (default today), per route and step, read from
 * {@code usage_log} through the running hub's SQL server, or from the database files when the hub is stopped.
 */
public final class UsageSummary {
    private UsageSummary() {
    }

    public static int print(HubSettings settings, String[] args, PrintStream out) throws SQLException, java.io.IOException {
        LocalDate day = args.length > 0 ? LocalDate.parse(args[0]) : LocalDate.now();
        java.util.Optional<LedgerClient> ledger = LedgerClient.open(settings);
        if (ledger.isEmpty()) {
            out.printf(Locale.ROOT, "Hub activity on %s%n  no ledger yet: the hub has not run in %s%n", day, settings.home());
            return 0;
        }
        try (LedgerClient c = ledger.get()) {
            print(c.connection(), day, out);
        }
        return 0;
    }

    public static void print(Connection c, LocalDate day, PrintStream out) throws SQLException {
        ZonedDateTime from = day.atStartOfDay(ZoneId.systemDefault());
        ZonedDateTime to = from.plusDays(1);
        out.printf(Locale.ROOT, "Hub activity on %s%n", day);
        // a day older than retention.yaml's ledgerDetail lives in the daily totals; a day may be in both (rows of jobs
        // that had not finished when it was rolled up), so both are added
        long files;
        long failed;
        BigDecimal cost;
        long in;
        long outBytes;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(DISTINCT job_id), COUNT(DISTINCT CASE WHEN status = 'failed' THEN job_id END), COALESCE(SUM(cost_usd),0), "
                        + "COALESCE(SUM(CASE WHEN step = 'probe' THEN bytes_in ELSE 0 END),0), "
                        + "COALESCE(SUM(CASE WHEN step = 'encode' THEN bytes_out ELSE 0 END),0) "
                        + "FROM usage_log WHERE ts >= ? AND ts < ?")) {
            bind(ps, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                files = rs.getLong(1);
                failed = rs.getLong(2);
                cost = rs.getBigDecimal(3);
                in = rs.getLong(4);
                outBytes = rs.getLong(5);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(jobs),0), COALESCE(SUM(failed_jobs),0) FROM usage_daily_jobs WHERE day = ?")) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                files += rs.getLong(1);
                failed += rs.getLong(2);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(cost_usd),0), COALESCE(SUM(CASE WHEN step = 'probe' THEN bytes_in ELSE 0 END),0), "
                + "COALESCE(SUM(CASE WHEN step = 'encode' THEN bytes_out ELSE 0 END),0) FROM usage_daily WHERE day = ?")) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                cost = cost.add(rs.getBigDecimal(1));
                in += rs.getLong(2);
                outBytes += rs.getLong(3);
            }
        }
        out.printf(Locale.ROOT, "  files: %d (%d failed)   AI cost: $%.4f   bytes in: %s   bytes out: %s%n", files, failed, cost, human(in), human(outBytes));

        java.util.Map<String, long[]> counts = new java.util.LinkedHashMap<>();        // route \t step -> ok, failed, ms, index
        java.util.Map<String, BigDecimal> costs = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT route, step, SUM(CASE WHEN status = 'ok' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), "
                        + "SUM(cost_usd), SUM(duration_ms), MIN(step_index) FROM usage_log WHERE ts >= ? AND ts < ? GROUP BY route, step")) {
            bind(ps, from, to);
            add(ps, counts, costs);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT route, step, SUM(runs - failures), SUM(failures), SUM(cost_usd), SUM(duration_ms), "
                + "MIN(step_index) FROM usage_daily WHERE day = ? GROUP BY route, step")) {
            ps.setObject(1, day);
            add(ps, counts, costs);
        }
        out.printf(Locale.ROOT, "  %-24s %-14s %8s %8s %10s %12s%n", "route", "step", "ok", "failed", "cost USD", "avg ms");
        counts.entrySet().stream()
                .sorted(java.util.Comparator.comparing((java.util.Map.Entry<String, long[]> e) -> e.getKey().split("\t")[0])
                        .thenComparingLong(e -> e.getValue()[3]))
                .forEach(e -> {
                    String[] k = e.getKey().split("\t");
                    long[] v = e.getValue();
                    long runs = v[0] + v[1];
                    out.printf(Locale.ROOT, "  %-24s %-14s %8d %8d %10.4f %12.1f%n", k[0], k[1], v[0], v[1], costs.get(e.getKey()),
                            runs == 0 ? 0.0 : (double) v[2] / runs);
                });
        printHubs(c, from, to, out);
    }

    // several hubs on one ledger (docs/CLUSTER.md): which hub did what that day, and which hubs are alive now
    private static void printHubs(Connection c, ZonedDateTime from, ZonedDateTime to, PrintStream out) throws SQLException {
        java.util.Map<String, long[]> byNode = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(node, '?'), SUM(CASE WHEN state = 'DONE' THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN state = 'FAILED' THEN 1 ELSE 0 END) FROM hub_job WHERE finished_at >= ? AND finished_at < ? GROUP BY COALESCE(node, '?')")) {
            bind(ps, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) byNode.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        java.util.Map<String, String> alive = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT node, last_seen FROM hub_node ORDER BY node"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) alive.put(rs.getString(1), String.valueOf(rs.getObject(2, java.time.OffsetDateTime.class)));
        }
        if (alive.isEmpty() && byNode.size() < 2) return;          // one hub on its own: nothing to tell apart
        out.printf(Locale.ROOT, "%nHubs (files begun by each that finished this day; last heartbeat):%n");
        java.util.Set<String> nodes = new java.util.TreeSet<>(byNode.keySet());
        nodes.addAll(alive.keySet());
        for (String n : nodes) {
            long[] v = byNode.getOrDefault(n, new long[2]);
            out.printf(Locale.ROOT, "  %-24s %8d done %8d failed   %s%n", n, v[0], v[1], alive.getOrDefault(n, "-"));
        }
    }

    private static void add(PreparedStatement ps, java.util.Map<String, long[]> counts, java.util.Map<String, BigDecimal> costs) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(1) + "\t" + rs.getString(2);
                long[] v = counts.computeIfAbsent(key, k -> new long[] {0, 0, 0, Long.MAX_VALUE});
                v[0] += rs.getLong(3);
                v[1] += rs.getLong(4);
                v[2] += rs.getLong(6);
                v[3] = Math.min(v[3], rs.getLong(7));
                costs.merge(key, rs.getBigDecimal(5), BigDecimal::add);
            }
        }
    }

    private static void bind(PreparedStatement ps, ZonedDateTime from, ZonedDateTime to) throws SQLException {
        ps.setObject(1, from.toOffsetDateTime());
        ps.setObject(2, to.toOffsetDateTime());
    }

    private static String human(long bytes) {
        if (bytes >= 1_000_000) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        if (bytes >= 1_000) return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
        return bytes + " B";
    }
}
