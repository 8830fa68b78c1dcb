package dev.imagehub.ledger;

import java.io.PrintStream;
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
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(DISTINCT job_id), COUNT(DISTINCT CASE WHEN status = 'failed' THEN job_id END), COALESCE(SUM(cost_usd),0), "
                        + "COALESCE(SUM(CASE WHEN step = 'probe' THEN bytes_in ELSE 0 END),0), "
                        + "COALESCE(SUM(CASE WHEN step = 'encode' THEN bytes_out ELSE 0 END),0) "
                        + "FROM usage_log WHERE ts >= ? AND ts < ?")) {
            bind(ps, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                out.printf(Locale.ROOT, "  files: %d (%d failed)   AI cost: $%.4f   bytes in: %s   bytes out: %s%n",
                        rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), human(rs.getLong(4)), human(rs.getLong(5)));
            }
        }
        out.printf(Locale.ROOT, "  %-24s %-14s %8s %8s %10s %12s%n", "route", "step", "ok", "failed", "cost USD", "avg ms");
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT route, step, SUM(CASE WHEN status = 'ok' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), "
                        + "SUM(cost_usd), AVG(CAST(duration_ms AS DOUBLE)) FROM usage_log WHERE ts >= ? AND ts < ? "
                        + "GROUP BY route, step ORDER BY route, MIN(step_index)")) {
            bind(ps, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.printf(Locale.ROOT, "  %-24s %-14s %8d %8d %10.4f %12.1f%n", rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getLong(4), rs.getBigDecimal(5), rs.getDouble(6));
                }
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
