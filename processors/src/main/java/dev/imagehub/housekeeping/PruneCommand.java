package dev.imagehub.housekeeping;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.imagehub.HubLock;
import dev.imagehub.HubSettings;
import dev.imagehub.ledger.Ledger;
import dev.imagehub.ledger.LedgerClient;

/**
 * {@code hub prune [--dry-run]}: what config/retention.yaml lets go, with sizes. A dry run works whether the hub runs
 * or not; a real run needs the hub stopped (a running hub prunes by itself every day, see routes/housekeeping.camel.yaml).
 */
public final class PruneCommand {
    private PruneCommand() {
    }

    public static int run(HubSettings settings, String[] args, PrintStream out, PrintStream err) throws Exception {
        boolean dryRun = List.of(args).contains("--dry-run");
        Path home = settings.home();
        Retention retention = Retention.load(home.resolve("config"));
        Pruner pruner = new Pruner(home, retention);
        if (dryRun) {
            Optional<LedgerClient> ledger = LedgerClient.open(settings);
            if (ledger.isEmpty()) {
                out.println("no ledger yet: the hub has not run in " + home + "; nothing to prune");
                return 0;
            }
            try (LedgerClient c = ledger.get()) {
                print(pruner.plan(c.connection(), Instant.now()), home, out, "would be removed");
                java.time.Duration keep = retention.keep(Retention.Kind.LEDGER, null);
                if (keep != null) {
                    long[] n = new LedgerRollup(java.time.ZoneId.systemDefault()).count(c.connection(), Instant.now().minus(keep));
                    out.printf(Locale.ROOT, "ledger: %d usage_log rows older than %d days would be rolled up into daily totals (usage_daily)%n",
                            n[0], keep.toDays());
                }
            }
            return 0;
        }
        Optional<HubLock> lock = HubLock.tryTake(home);
        if (lock.isEmpty()) {
            err.println("the hub is running in " + home + ": it prunes by itself every day (routes/housekeeping.camel.yaml); "
                    + "run ./hub prune --dry-run to see what goes");
            return 3;
        }
        try (HubLock held = lock.get(); Ledger ledger = Ledger.open(settings)) {
            long start = System.nanoTime();
            List<Pruner.Candidate> plan;
            try (var c = ledger.dataSource().getConnection()) {
                plan = pruner.plan(c, Instant.now());
            }
            long freed = pruner.remove(plan);
            String rolled = Housekeeping.rollUp(retention, ledger.dataSource());
            Housekeeping.record(ledger.dataSource(), plan.size(), freed, Pruner.summary(plan) + rolled, (System.nanoTime() - start) / 1_000_000);
            print(plan, home, out, "removed");
            if (!rolled.isEmpty()) out.println(rolled.substring(2));
        }
        return 0;
    }

    private static void print(List<Pruner.Candidate> plan, Path home, PrintStream out, String verb) {
        long bytes = plan.stream().mapToLong(Pruner.Candidate::bytes).sum();
        for (Pruner.Candidate c : plan) {
            out.printf(Locale.ROOT, "  %-12s %10s  %4d days old  %s%n", c.kind().key, Pruner.human(c.bytes()), c.age().toDays(),
                    home.relativize(c.path()));
        }
        out.printf(Locale.ROOT, "%d entries, %s %s (%s)%n", plan.size(), Pruner.human(bytes), verb, Pruner.summary(plan));
        plan.stream().map(Pruner.Candidate::kind).distinct().forEach(k -> out.printf(Locale.ROOT, "  %s: %s%n", k.key, k.what));
    }
}
