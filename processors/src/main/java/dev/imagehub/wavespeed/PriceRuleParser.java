package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;

/** Reads the {@code price:} mapping of a registry entry into a {@link PriceRule}, with located errors. */
final class PriceRuleParser {
    private static final List<String> SHAPES = List.of("flat", "byResolution", "byQuality", "perSecond", "quote");
    private static final String HELP = "write one of flat, byResolution, byQuality, perSecond or quote, optionally"
            + " with multipliers (see the header of the file)";

    private PriceRuleParser() {
    }

    static PriceRule parse(ConfigNode price) {
        if (!price.isMap()) throw new ConfigException(price, "a price rule must be a mapping; " + HELP);
        Map<String, ConfigNode> e = price.entries();
        for (Map.Entry<String, ConfigNode> k : e.entrySet()) {
            if (!SHAPES.contains(k.getKey()) && !k.getKey().equals("multipliers") && !k.getKey().equals("reference")) {
                throw new ConfigException(k.getValue(), "unknown price rule '" + k.getKey() + "'; " + HELP);
            }
        }
        List<String> shapes = SHAPES.stream().filter(e::containsKey).toList();
        if (shapes.size() != 1) {
            throw new ConfigException(price, (shapes.isEmpty() ? "no price rule given" : "several price rules given " + shapes)
                    + "; " + HELP);
        }
        ConfigNode body = e.get(shapes.get(0));
        PriceRule rule = switch (shapes.get(0)) {
            case "flat" -> new PriceRule.Flat(money(body));
            case "byResolution" -> byOption(body);
            case "byQuality" -> byQuality(body);
            case "perSecond" -> perSecond(body);
            default -> new PriceRule.Quote(body.text(), e.get("reference") == null ? null : money(e.get("reference")));
        };
        if (e.containsKey("reference") && !(rule instanceof PriceRule.Quote)) {
            throw new ConfigException(e.get("reference"), "'reference' only goes with a 'quote' price (a price seen elsewhere,"
                    + " charged by the emulator, never used for budgets)");
        }
        ConfigNode multipliers = e.get("multipliers");
        if (multipliers == null) return rule;
        if (rule instanceof PriceRule.Quote) throw new ConfigException(multipliers, "a quoted price cannot have multipliers");
        Map<String, Map<String, BigDecimal>> factors = new LinkedHashMap<>();
        multipliers.entries().forEach((input, byValue) -> factors.put(input, moneyTable(byValue)));
        return new PriceRule.Multiplied(rule, PriceRule.ordered(factors));
    }

    private static PriceRule byOption(ConfigNode body) {
        keys(body, Set.of("input", "default", "prices"), Set.of("input", "default", "prices"));
        Map<String, BigDecimal> prices = moneyTable(body.get("prices"));
        String def = body.get("default").text();
        if (!prices.containsKey(def)) {
            throw new ConfigException(body.get("default"), "the default '" + def + "' has no price in 'prices' " + prices.keySet());
        }
        return new PriceRule.ByOption(body.get("input").text(), def, prices);
    }

    private static PriceRule byQuality(ConfigNode body) {
        keys(body, Set.of("quality", "size", "default", "prices"), Set.of("quality", "size", "default", "prices"));
        List<ConfigNode> def = body.get("default").items();
        if (def.size() != 2) throw new ConfigException(body.get("default"), "write the default as [quality, size], e.g. [medium, 1024*1024]");
        Map<String, Map<String, BigDecimal>> prices = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> q : body.get("prices").entries().entrySet()) {
            Map<String, BigDecimal> shapes = moneyTable(q.getValue());
            for (Map.Entry<String, ConfigNode> s : q.getValue().entries().entrySet()) {
                if (!s.getKey().equals("square") && !s.getKey().equals("rect")) {
                    throw new ConfigException(s.getValue(), "a size shape must be 'square' or 'rect'");
                }
            }
            prices.put(q.getKey(), shapes);
        }
        String dq = def.get(0).text();
        String ds = def.get(1).text();
        if (!prices.containsKey(dq)) throw new ConfigException(def.get(0), "the default quality '" + dq + "' has no prices");
        String shape = PriceRule.ByQuality.shape(ds);
        if (shape == null || !prices.get(dq).containsKey(shape)) {
            throw new ConfigException(def.get(1), "the default size '" + ds + "' must be W*H with a price for its shape");
        }
        return new PriceRule.ByQuality(body.get("quality").text(), body.get("size").text(), dq, ds, PriceRule.ordered(prices));
    }

    private static PriceRule perSecond(ConfigNode body) {
        keys(body, Set.of("seconds", "default", "input", "defaultRate", "rates", "minimum", "maximum"),
                Set.of("seconds", "input", "defaultRate", "rates", "minimum"));
        Map<String, BigDecimal> rates = moneyTable(body.get("rates"));
        String defaultRate = body.get("defaultRate").text();
        if (!rates.containsKey(defaultRate)) {
            throw new ConfigException(body.get("defaultRate"), "'" + defaultRate + "' has no rate in 'rates' " + rates.keySet());
        }
        BigDecimal minimum = money(body.get("minimum"));
        BigDecimal maximum = body.get("maximum") == null ? null : money(body.get("maximum"));
        if (maximum != null && maximum.compareTo(minimum) < 0) {
            throw new ConfigException(body.get("maximum"), "must not be below minimum " + minimum.toPlainString());
        }
        String def = null;
        if (body.get("default") != null) {
            def = money(body.get("default")).toPlainString();
        }
        return new PriceRule.PerSecond(body.get("seconds").text(), def, body.get("input").text(), defaultRate, rates, minimum, maximum);
    }

    private static void keys(ConfigNode body, Set<String> known, Set<String> required) {
        for (Map.Entry<String, ConfigNode> k : body.entries().entrySet()) {
            if (!known.contains(k.getKey())) {
                throw new ConfigException(k.getValue(), "unknown key '" + k.getKey() + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        for (String r : required.stream().sorted().toList()) {
            if (!body.entries().containsKey(r)) throw new ConfigException(body, "'" + r + "' is missing");
        }
    }

    private static Map<String, BigDecimal> moneyTable(ConfigNode node) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        node.entries().forEach((k, v) -> out.put(k, money(v)));
        if (out.isEmpty()) throw new ConfigException(node, "needs at least one value: price");
        return PriceRule.ordered(out);
    }

    static BigDecimal money(ConfigNode node) {
        try {
            BigDecimal v = new BigDecimal(node.text().trim());
            if (v.signum() < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(node, "'" + node.text() + "' is not a non-negative number such as 0.02");
        }
    }
}
