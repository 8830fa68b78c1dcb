package dev.imagehub.wavespeed.budget;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;

/**
 * The budgets of config/budgets.yaml, validated at start-up: every mistake names the file, line and key. A missing
 * file means no limits (spending is still recorded).
 *
 * @param zone    the time zone in which days and months start
 * @param budgets every configured limit, overall ones first
 */
public record BudgetConfig(ZoneId zone, List<Budget> budgets) {
    /** The file inside the hub's config folder. */
    public static final String FILE = "budgets.yaml";

    private static final Set<String> TOP = Set.of("timeZone", "overall", "routes");
    private static final Set<String> PERIODS = Set.of("day", "month");

    public BudgetConfig {
        budgets = List.copyOf(budgets);
    }

    /** No limits, days and months in the system's time zone. */
    public static BudgetConfig none() {
        return new BudgetConfig(ZoneId.systemDefault(), List.of());
    }

    /** Loads {@code <configDir>/budgets.yaml}, or {@link #none()} when the file does not exist. */
    public static BudgetConfig load(Path configDir) {
        Path file = configDir.resolve(FILE);
        if (!Files.isRegularFile(file)) return none();
        return fromNode(YamlConfig.read(file, "config/" + FILE));
    }

    public static BudgetConfig parse(String yaml, String displayName) {
        return fromNode(YamlConfig.parse(yaml, displayName));
    }

    private static BudgetConfig fromNode(ConfigNode root) {
        if (!root.isMap()) throw new ConfigException(root, "expected the keys timeZone, overall and routes");
        for (Map.Entry<String, ConfigNode> k : root.entries().entrySet()) {
            if (!TOP.contains(k.getKey())) {
                throw new ConfigException(k.getValue(), "unknown key '" + k.getKey() + "' (known: timeZone, overall, routes)");
            }
        }
        ZoneId zone = ZoneId.systemDefault();
        ConfigNode zoneNode = root.get("timeZone");
        if (zoneNode != null) {
            try {
                zone = ZoneId.of(zoneNode.text().trim());
            } catch (DateTimeException e) {
                throw new ConfigException(zoneNode, "'" + zoneNode.text() + "' is not a time zone; write a region such as"
                        + " Europe/Berlin or America/New_York, or UTC");
            }
        }
        List<Budget> budgets = new ArrayList<>();
        ConfigNode overall = root.get("overall");
        if (!empty(overall)) budgets.addAll(limits(null, overall));
        ConfigNode routes = root.get("routes");
        if (!empty(routes)) {
            if (!routes.isMap()) {
                throw new ConfigException(routes, "write one entry per route: its folder (upscale) or route id"
                        + " (hotfolder-upscale), then {day: ..., month: ...}");
            }
            for (Map.Entry<String, ConfigNode> r : routes.entries().entrySet()) {
                if (r.getKey().isBlank()) throw new ConfigException(r.getValue(), "a route name is empty");
                if (!empty(r.getValue())) budgets.addAll(limits(r.getKey(), r.getValue()));
            }
        }
        return new BudgetConfig(zone, budgets);
    }

    // a key whose entries are all commented out, as in the shipped file, means "none"
    private static boolean empty(ConfigNode node) {
        return node == null || node.isScalar() && node.text().isBlank();
    }

    private static List<Budget> limits(String route, ConfigNode node) {
        if (!node.isMap()) {
            throw new ConfigException(node, "expected {day: USD, month: USD} (either may be left out), e.g. {day: 5.00, month: 50.00}");
        }
        List<Budget> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> p : node.entries().entrySet()) {
            if (!PERIODS.contains(p.getKey())) {
                throw new ConfigException(p.getValue(), "unknown period '" + p.getKey() + "' (known: day, month)");
            }
            Budget.Period period = p.getKey().equals("day") ? Budget.Period.DAY : Budget.Period.MONTH;
            out.add(new Budget(route, period, usd(p.getValue()), p.getValue().path()));
        }
        return out;
    }

    private static BigDecimal usd(ConfigNode node) {
        String text = node.text().trim();
        if (text.startsWith("$")) text = text.substring(1).trim();
        try {
            BigDecimal v = new BigDecimal(text);
            if (v.signum() < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(node, "'" + node.text() + "' is not an amount in USD such as 5.00 (0 allows no AI spending)");
        }
    }
}
