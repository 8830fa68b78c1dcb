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
        var origin = new dev.imagehub.ledger.UsageOrigin(Instant.now(), ROUTE, ROUTE, UUID.randomUUID().toString(), "retention.yaml", "0".repeat(64),
                null, null, null);
        var row = dev.imagehub.ledger.UsageRecord.local("prune", 0, dev.imagehub.ledger.UsageRecord.OK, millis, freed, 0, null,
                entries + " removed: " + summary);
        try (Connection c = ds.getConnection()) {
            dev.imagehub.ledger.UsageLog.write(c, origin, java.util.List.of(row));
        }
    }
}
