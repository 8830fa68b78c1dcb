package dev.imagehub.housekeeping;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagehub.HubServices;

/**
 * The scheduled housekeeping run (routes/housekeeping.camel.yaml): prunes what config/retention.yaml lets go and
 * writes one usage_log row (route {@code housekeeping}, step {@code prune}) saying what it removed and how many bytes
 * it freed.
 */
public final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    /** The route name of housekeeping's ledger rows. */
    public static final String ROUTE = "housekeeping";
    private HubServices hub;

    public void setHub(HubServices hub) {
        this.hub = hub;
    }

    /** One run: plan, remove, record. */
    public void run() throws Exception {
        Retention retention = Retention.load(hub.home().resolve("config"));
        Pruner pruner = new Pruner(hub.home(), retention);
        long start = System.nanoTime();
        List<Pruner.Candidate> plan;
        try (Connection c = hub.dataSource().getConnection()) {
            plan = pruner.plan(c, Instant.now());
        }
        long freed = pruner.remove(plan);
        String summary = Pruner.summary(plan) + rollUp(retention, hub.dataSource());
        record(hub.dataSource(), plan.size(), freed, summary, (System.nanoTime() - start) / 1_000_000);
        LOG.info("housekeeping: removed {} entries, {} freed: {}", plan.size(), Pruner.human(freed), summary);
    }

    /** Rolls up usage_log rows older than {@code ledgerDetail}; returns the words for the run's summary ("" when kept). */
    static String rollUp(Retention retention, DataSource ds) throws SQLException {
        java.time.Duration keep = retention.keep(Retention.Kind.LEDGER, null);
        if (keep == null) return "";
        long[] rolled = new LedgerRollup(java.time.ZoneId.systemDefault()).rollUp(ds, Instant.now().minus(keep));
        return rolled[0] == 0 ? "" : "; ledger: " + rolled[0] + " rows of " + rolled[1] + (rolled[1] == 1 ? " day" : " days") + " rolled up into daily totals";
    }

    /** The one ledger row of a real run. */
    public static void record(DataSource ds, int entries, long freed, String summary, long millis) throws SQLException {
        String sql = "INSERT INTO usage_log (ts, source, route, job_id, file_name, file_sha256, step, step_index, provider, model,"
                + " prediction_id, status, cost_usd, estimated_cost_usd, duration_ms, bytes_in, bytes_out, error, details)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, ROUTE);
            ps.setString(3, ROUTE);
            ps.setString(4, UUID.randomUUID().toString());
            ps.setString(5, "retention.yaml");
            ps.setString(6, "0".repeat(64));
            ps.setString(7, "prune");
            ps.setInt(8, 0);
            ps.setString(9, "local");
            ps.setString(10, null);
            ps.setString(11, null);
            ps.setString(12, "ok");
            ps.setBigDecimal(13, java.math.BigDecimal.ZERO);
            ps.setBigDecimal(14, java.math.BigDecimal.ZERO);
            ps.setLong(15, millis);
            ps.setLong(16, freed);
            ps.setLong(17, 0);
            ps.setString(18, null);
            ps.setString(19, entries + " removed: " + summary);
            ps.executeUpdate();
        }
    }
}
