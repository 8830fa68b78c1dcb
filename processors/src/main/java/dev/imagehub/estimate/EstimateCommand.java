package dev.imagehub.estimate;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.imagehub.HubSettings;
import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;
import dev.imagehub.ledger.LedgerClient;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.budget.BudgetConfig;
import dev.imagehub.wavespeed.budget.BudgetStatus;
import dev.imagehub.wavespeed.budget.Budgets;

/**
 * {@code hub estimate <chain> <folder> [--chart file.png]}: what running a chain over a folder would cost, per file and
 * step, with totals, the models chosen by mode and why, and whether the budgets of config/budgets.yaml have room. It
 * sends nothing: prices come from config/models.yaml, spending so far from the ledger.
 */
public final class EstimateCommand {
    static final String USAGE = "usage: hub estimate <chain> <folder> [--chart file.png]   (folder: a path, or the name of a hot folder in inbox/)";

    private EstimateCommand() {
    }

    public static int print(Path home, String[] args, PrintStream out) {
        return print(home, args, out, StepCatalog.discover());
    }

    /** As {@link #print(Path, String[], PrintStream)} with the given steps (tests add steps of their own). */
    public static int print(Path home, String[] args, PrintStream out, StepCatalog steps) {
        List<String> positional = new ArrayList<>();
        Path chart = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--chart") && i + 1 < args.length) {
                chart = Path.of(args[++i]);
            } else if (args[i].startsWith("-")) {
                out.println("Unknown option '" + args[i] + "'; " + USAGE);
                return 2;
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() != 2) {
            out.println(USAGE);
            return 2;
        }
        Path config = home.resolve("config");
        ChainCatalog chains;
        ModelRegistry registry;
        BudgetConfig budgets;
        try {
            chains = ChainCatalog.load(config, "config", steps);
            registry = ModelRegistry.load(config);
            budgets = BudgetConfig.load(config);
        } catch (ConfigException e) {
            out.println("Configuration error: " + e.getMessage());
            return 2;
        }
        ChainDefinition chain = chains.all().get(positional.get(0));
        if (chain == null) {
            out.println("Unknown chain '" + positional.get(0) + "'; chains in config/chains.yaml: " + String.join(", ", chains.all().keySet()));
            return 2;
        }
        Path folder = folder(home, positional.get(1));
        if (folder == null) {
            out.println("Folder not found: " + positional.get(1) + " (give a path, or the name of a folder in " + home.resolve("inbox") + ")");
            return 2;
        }
        CostEstimate.Report report;
        try {
            report = CostEstimate.run(chain, folder, registry, home);
        } catch (IOException e) {
            out.println("Cannot read " + folder + ": " + e.getMessage());
            return 2;
        }
        String route = route(home, chain.name(), folder);
        print(report, route, out);
        printBudgets(home, budgets, route, report, out);
        if (chart != null) {
            Path file = chart.isAbsolute() ? chart : home.resolve(chart);
            try {
                CostChart.write(file, "Estimated cost of chain '" + chain.name() + "' over " + report.files() + " file(s): "
                        + usd(report.total()), report.byModel(), home.resolve("templates/fonts/DejaVuSans.ttf"));
                out.println("Chart: " + file);
            } catch (IOException e) {
                out.println("Cannot write the chart " + file + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** The table, totals and chosen models (budgets are printed separately, they need the ledger). */
    static void print(CostEstimate.Report r, String route, PrintStream out) {
        out.printf(Locale.ROOT, "Cost estimate: chain '%s' over %s%s. Nothing was sent.%n", r.chain(), r.folder(),
                route == null ? "" : " (route " + route + ")");
        if (r.aiSteps().isEmpty()) {
            out.printf(Locale.ROOT, "The chain has no AI step (%d file(s)): it runs locally and costs nothing.%n", r.files());
            printSkipped(r, out);
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (CostEstimate.Line l : r.lines()) {
            rows.add(new String[] {l.file(), l.stepLabel(), l.call().choice().model().id(), inputs(l.call().priceInputs()),
                    l.price().quoteNeeded() ? "quote" : usd(l.price().usd()), l.price().detail()});
        }
        table(out, new String[] {"FILE", "STEP", "MODEL", "PRICED WITH", "USD", "HOW"}, rows);
        printSkipped(r, out);

        out.println();
        out.println("Per step and model:");
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, BigDecimal> sums = new LinkedHashMap<>();
        for (CostEstimate.Line l : r.lines()) {
            String key = l.step() + "\t" + l.call().choice().model().id();
            counts.computeIfAbsent(key, k -> new long[2])[l.price().quoteNeeded() ? 1 : 0]++;
            sums.merge(key, l.price().quoteNeeded() ? BigDecimal.ZERO : l.price().usd(), BigDecimal::add);
        }
        List<String[]> perStep = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String[] k = e.getKey().split("\t");
            long calls = e.getValue()[0] + e.getValue()[1];
            perStep.add(new String[] {"  " + k[0], k[1], calls + " call" + (calls == 1 ? "" : "s"), usd(sums.get(e.getKey())),
                    e.getValue()[1] == 0 ? "" : e.getValue()[1] + " to be quoted"});
        }
        table(out, null, perStep);
        long quotes = r.quoteCalls();
        out.printf(Locale.ROOT, "Total: %d AI call(s) for %d file(s): %s%s%n", r.lines().size(), r.files(), usd(r.total()),
                quotes == 0 ? "" : " plus " + quotes + " call(s) whose price only WaveSpeed's pricing endpoint knows (the hub asks it before submitting)");

        out.println();
        out.println("Models chosen:");
        Set<String> seen = new LinkedHashSet<>();
        for (CostEstimate.Line l : r.lines()) {
            seen.add("  " + l.step() + ": " + l.call().choice().model().id() + " (" + l.call().choice().model().name() + ") - "
                    + l.call().choice().reason());
        }
        seen.forEach(out::println);
    }

    private static void printSkipped(CostEstimate.Report r, PrintStream out) {
        if (r.skipped().isEmpty()) return;
        out.println("Skipped:");
        for (CostEstimate.Skipped s : r.skipped()) out.println("  " + s.file() + ": " + s.reason());
    }

    private static void printBudgets(Path home, BudgetConfig config, String route, CostEstimate.Report r, PrintStream out) {
        if (r.aiSteps().isEmpty()) return;
        out.println();
        if (config.budgets().isEmpty()) {
            out.println("Budgets: none configured (config/budgets.yaml); nothing limits this run.");
            return;
        }
        List<BudgetStatus> status;
        try {
            status = spending(home, config, route);
        } catch (SQLException | IOException | RuntimeException e) {
            // no ledger yet (a hub never started here) means nothing was spent
            status = config.budgets().stream().filter(b -> route == null ? b.overall() : b.covers(route))
                    .map(b -> new BudgetStatus(b, BigDecimal.ZERO, b.limit())).toList();
            out.println("(spending so far not read from the ledger: " + firstLine(e) + "; counted as $0)");
        }
        out.printf(Locale.ROOT, "Budgets (config/budgets.yaml, days and months in %s), this run %s%s:%n", config.zone(), usd(r.total()),
                r.quoteCalls() == 0 ? "" : " plus the quoted calls");
        List<String[]> rows = new ArrayList<>();
        boolean fits = true;
        for (BudgetStatus s : status) {
            BigDecimal after = s.spent().add(r.total());
            boolean ok = after.compareTo(s.budget().limit()) <= 0;
            fits &= ok;
            rows.add(new String[] {"  " + s.budget().describe(), usd(s.budget().limit()), "spent " + s.budget().period().current() + " " + usd(s.spent()),
                    "left " + usd(s.remaining()), ok ? "fits" : "would exceed it by " + usd(after.subtract(s.budget().limit()))});
        }
        table(out, null, rows);
        out.println(fits ? "The budgets allow this run." : "The budgets do not allow all of this run: the files over budget would go to failed/"
                + " with the reason, and nothing would be sent for them.");
    }

    /** What the ledger says is spent per applicable budget, read whether the hub runs or not. */
    private static List<BudgetStatus> spending(Path home, BudgetConfig config, String route) throws SQLException, IOException {
        Clock clock = Clock.systemDefaultZone();
        Optional<LedgerClient> ledger = LedgerClient.open(HubSettings.load(home));
        // without a ledger the hub never ran here, and nothing was spent
        if (ledger.isEmpty()) return Budgets.status(config, clock, null, route);
        try (LedgerClient c = ledger.get()) {
            return Budgets.status(config, clock, c.connection(), route);
        }
    }

    /** An absolute or hub-relative path, else a hot folder name under inbox/. */
    static Path folder(Path home, String arg) {
        Path p = Path.of(arg);
        for (Path candidate : p.isAbsolute() ? List.of(p) : List.of(home.resolve(p), home.resolve("inbox").resolve(p))) {
            if (Files.isDirectory(candidate)) return candidate.normalize();
        }
        return null;
    }

    /**
     * The route whose budgets apply: the one of routes/*.camel.yaml whose hot folder is {@code folder}, else the first
     * that runs {@code chain}; null when none does (only overall budgets apply).
     */
    static String route(Path home, String chain, Path folder) {
        List<String[]> routes = new ArrayList<>(); // routeId, folder name, chain
        try (Stream<Path> s = Files.list(home.resolve("routes"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList()) {
                ConfigNode root = YamlConfig.read(f, "routes/" + f.getFileName());
                if (!root.isList()) continue;
                for (ConfigNode item : root.items()) {
                    ConfigNode t = item.isMap() ? item.get("templatedRoute") : null;
                    if (t == null || !t.isMap() || t.get("routeId") == null || t.get("parameters") == null) continue;
                    Map<String, String> params = new LinkedHashMap<>();
                    for (ConfigNode p : t.get("parameters").items()) {
                        if (p.isMap() && p.get("name") != null && p.get("value") != null) params.put(p.get("name").text(), p.get("value").text());
                    }
                    routes.add(new String[] {t.get("routeId").text(), params.get("name"), params.get("chain")});
                }
            }
        } catch (IOException | ConfigException e) {
            return null;
        }
        String name = folder.getFileName() == null ? "" : folder.getFileName().toString();
        for (String[] r : routes) if (name.equals(r[1]) && chain.equals(r[2])) return r[0];
        for (String[] r : routes) if (chain.equals(r[2])) return r[0];
        return null;
    }

    private static String inputs(Map<String, String> in) {
        if (in.isEmpty()) return "defaults";
        List<String> parts = new ArrayList<>();
        in.forEach((k, v) -> parts.add(k + "=" + (v.length() > 24 ? v.substring(0, 21) + "..." : v)));
        return String.join(" ", parts);
    }

    /** USD with at least two and at most six decimals: $0.01, $0.0015. */
    static String usd(BigDecimal v) {
        BigDecimal s = v.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        if (s.scale() < 2) s = s.setScale(2, RoundingMode.UNNECESSARY);
        return "$" + s.toPlainString();
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private static void table(PrintStream out, String[] head, List<String[]> rows) {
        List<String[]> all = new ArrayList<>(rows);
        if (head != null) all.add(0, head);
        if (all.isEmpty()) return;
        int[] width = new int[all.get(0).length];
        for (String[] r : all) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) sb.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            out.println(sb.toString().stripTrailing());
        }
    }
}
