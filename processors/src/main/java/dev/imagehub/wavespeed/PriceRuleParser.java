package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;

/**
 * Binds the {@code price:} mapping of a registry entry to a {@link PriceRule} through the {@link ConfigBinder}: one
 * record per rule shape, every amount a non-negative number, mistakes located at their key.
 */
final class PriceRuleParser {
    private static final String HELP = "write one of flat, byResolution, byQuality, perSecond or quote, optionally"
            + " with multipliers (see the header of the file)";
    private static final ConfigBinder BINDER = ConfigBinder.standard().with(BigDecimal.class, PriceRuleParser::money);

    private PriceRuleParser() {
    }

    /** A price as written: exactly one rule shape, a quote's optional reference, multipliers by input value. */
    record Written(@Option("one price per call, USD") BigDecimal flat,
                   @Option("price by the value of one input") ByResolution byResolution,
                   @Option("quality tier x size shape") ByQuality byQuality,
                   @Option("rate per second by one input") PerSecond perSecond,
                   @Option("no known price: why") String quote,
                   @Option("a price seen elsewhere, charged by the emulator only") BigDecimal reference,
                   @Option("input -> value -> factor") Map<String, Map<String, BigDecimal>> multipliers) {
        Written {
            List<String> shapes = new ArrayList<>();
            if (flat != null) shapes.add("flat");
            if (byResolution != null) shapes.add("byResolution");
            if (byQuality != null) shapes.add("byQuality");
            if (perSecond != null) shapes.add("perSecond");
            if (quote != null) shapes.add("quote");
            if (shapes.size() != 1) {
                throw new IllegalArgumentException((shapes.isEmpty() ? "no price rule given" : "several price rules given " + shapes) + "; " + HELP);
            }
            if (reference != null && quote == null) {
                throw ConfigBinder.at("reference", "'reference' only goes with a 'quote' price (a price seen elsewhere,"
                        + " charged by the emulator, never used for budgets)");
            }
            if (!multipliers.isEmpty() && quote != null) throw ConfigBinder.at("multipliers", "a quoted price cannot have multipliers");
            multipliers.forEach((input, factors) -> {
                if (factors.isEmpty()) throw ConfigBinder.at("multipliers", "the multipliers of '" + input + "' need at least one value: factor");
            });
        }
    }

    /** The price chosen by the value of one input. */
    record ByResolution(@Option(value = "the input", required = true) String input,
                        @Option(value = "its default value", key = "default", required = true) String defaultValue,
                        @Option(value = "value -> price", required = true) Map<String, BigDecimal> prices) {
        ByResolution {
            if (!prices.containsKey(defaultValue)) {
                throw ConfigBinder.at("default", "the default '" + defaultValue + "' has no price in 'prices' " + prices.keySet());
            }
        }
    }

    /** The price of a quality tier and a size shape (square or rect). */
    record ByQuality(@Option(value = "the quality input", required = true) String quality,
                     @Option(value = "the size input", required = true) String size,
                     @Option(value = "[quality, W*H]", key = "default", required = true) List<String> defaultValue,
                     @Option(value = "quality -> shape -> price", required = true) Map<String, Map<String, BigDecimal>> prices) {
        ByQuality {
            prices.forEach((tier, shapes) -> shapes.keySet().forEach(shape -> {
                if (!shape.equals("square") && !shape.equals("rect")) throw ConfigBinder.at("prices", "a size shape must be 'square' or 'rect'; was '" + shape + "'");
            }));
            if (defaultValue.size() != 2) throw ConfigBinder.at("default", "write the default as [quality, size], e.g. [medium, 1024*1024]");
            if (!prices.containsKey(defaultValue.get(0))) throw ConfigBinder.at("default", "the default quality '" + defaultValue.get(0) + "' has no prices");
            String shape = PriceRule.ByQuality.shape(defaultValue.get(1));
            if (shape == null || !prices.get(defaultValue.get(0)).containsKey(shape)) {
                throw ConfigBinder.at("default", "the default size '" + defaultValue.get(1) + "' must be W*H with a price for its shape");
            }
        }
    }

    /** A rate per second chosen by one input, billed between a minimum and an optional maximum length. */
    record PerSecond(@Option(value = "the input holding the length", required = true) String seconds,
                     @Option(value = "the default length", key = "default") BigDecimal defaultSeconds,
                     @Option(value = "the input choosing the rate", required = true) String input,
                     @Option(value = "its default value", required = true) String defaultRate,
                     @Option(value = "value -> rate per second", required = true) Map<String, BigDecimal> rates,
                     @Option(value = "shortest billed length", required = true) BigDecimal minimum,
                     @Option("longest billed length") BigDecimal maximum) {
        PerSecond {
            if (!rates.containsKey(defaultRate)) throw ConfigBinder.at("defaultRate", "'" + defaultRate + "' has no rate in 'rates' " + rates.keySet());
            if (maximum != null && maximum.compareTo(minimum) < 0) {
                throw ConfigBinder.at("maximum", "must not be below minimum " + minimum.toPlainString());
            }
        }
    }

    static PriceRule parse(ConfigNode price) {
        Written w = BINDER.bind(Written.class, price);
        PriceRule rule;
        if (w.flat() != null) {
            rule = new PriceRule.Flat(w.flat());
        } else if (w.byResolution() != null) {
            ByResolution b = w.byResolution();
            rule = new PriceRule.ByOption(b.input(), b.defaultValue(), PriceRule.ordered(b.prices()));
        } else if (w.byQuality() != null) {
            ByQuality q = w.byQuality();
            Map<String, Map<String, BigDecimal>> prices = new LinkedHashMap<>();
            q.prices().forEach((tier, shapes) -> prices.put(tier, PriceRule.ordered(shapes)));
            rule = new PriceRule.ByQuality(q.quality(), q.size(), q.defaultValue().get(0), q.defaultValue().get(1), PriceRule.ordered(prices));
        } else if (w.perSecond() != null) {
            PerSecond p = w.perSecond();
            rule = new PriceRule.PerSecond(p.seconds(), p.defaultSeconds() == null ? null : p.defaultSeconds().toPlainString(), p.input(),
                    p.defaultRate(), PriceRule.ordered(p.rates()), p.minimum(), p.maximum());
        } else {
            return new PriceRule.Quote(w.quote(), w.reference());
        }
        if (w.multipliers().isEmpty()) return rule;
        Map<String, Map<String, BigDecimal>> factors = new LinkedHashMap<>();
        w.multipliers().forEach((input, byValue) -> factors.put(input, PriceRule.ordered(byValue)));
        return new PriceRule.Multiplied(rule, PriceRule.ordered(factors));
    }

    static BigDecimal money(String text) {
        try {
            BigDecimal v = new BigDecimal(text.trim());
            if (v.signum() >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a non-negative number such as 0.02");
    }
}
