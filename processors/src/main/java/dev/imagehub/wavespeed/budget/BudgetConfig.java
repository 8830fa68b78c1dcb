package dev.imagehub.wavespeed.budget;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
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

    /** What config/budgets.yaml holds, bound by the one config binder. */
    record File(@Option("the time zone in which days and months start (default: the system's)") ZoneId timeZone,
                @Option("limits for all AI spending together") Limits overall,
                @Option("limits per route: its folder (upscale) or route id (hotfolder-upscale)") Map<String, Limits> routes) {
    }

    /** A day and a month limit in USD, either may be left out. */
    record Limits(@Option("USD per day") BigDecimal day, @Option("USD per calendar month") BigDecimal month) {
    }

    private static final ConfigBinder BINDER = ConfigBinder.standard().with(BigDecimal.class, BudgetConfig::usd);

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
        File file = BINDER.bind(File.class, root);
        List<Budget> budgets = new ArrayList<>();
        if (file.overall() != null) budgets.addAll(limits(null, file.overall()));
        file.routes().forEach((route, limits) -> {
            if (limits != null) budgets.addAll(limits(route, limits));
        });
        return new BudgetConfig(file.timeZone() == null ? ZoneId.systemDefault() : file.timeZone(), budgets);
    }

    private static List<Budget> limits(String route, Limits limits) {
        String key = route == null ? "overall." : "routes." + route + ".";
        List<Budget> out = new ArrayList<>();
        if (limits.day() != null) out.add(new Budget(route, Budget.Period.DAY, limits.day(), key + "day"));
        if (limits.month() != null) out.add(new Budget(route, Budget.Period.MONTH, limits.month(), key + "month"));
        return out;
    }

    private static BigDecimal usd(String text) {
        String t = text.trim();
        if (t.startsWith("$")) t = t.substring(1).trim();
        try {
            BigDecimal v = new BigDecimal(t);
            if (v.signum() >= 0) return v;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "' is not an amount in USD such as 5.00 (0 allows no AI spending)");
    }
}
