package dev.imagehub.wavespeed.emulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.imagehub.wavespeed.PriceRule;

/** Writes a registry price rule as the JSONata {@code formula} the real catalogue carries, e.g. {@code resolution = "8k" ? 0.18 : 0.15}. */
final class PriceFormula {
    private PriceFormula() {
    }

    static String of(PriceRule rule) {
        if (rule instanceof PriceRule.Flat || rule instanceof PriceRule.Quote) return "base_price";
        if (rule instanceof PriceRule.ByOption o) return choice(o.input(), o.prices(), o.defaultValue());
        if (rule instanceof PriceRule.ByQuality q) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Map<String, BigDecimal>> e : q.prices().entrySet()) {
                Map<String, BigDecimal> shapes = e.getValue();
                String bySize = shapes.size() == 1 ? num(shapes.values().iterator().next())
                        : "($substringBefore(" + q.sizeInput() + ", \"*\") = $substringAfter(" + q.sizeInput() + ", \"*\") ? "
                        + num(shapes.getOrDefault("square", shapes.get("rect"))) + " : " + num(shapes.getOrDefault("rect", shapes.get("square"))) + ")";
                parts.add(q.qualityInput() + " = \"" + e.getKey() + "\" ? " + bySize);
            }
            return "(" + String.join(" : ", parts) + " : base_price)";
        }
        if (rule instanceof PriceRule.PerSecond p) {
            String seconds = "$ceil(" + p.secondsInput() + ")";
            String billed = "$max([" + num(p.minimum()) + ", " + seconds + "])";
            if (p.maximum() != null) billed = "$min([" + num(p.maximum()) + ", " + billed + "])";
            return "(" + choice(p.rateInput(), p.rates(), p.defaultRate()) + ") * " + billed;
        }
        PriceRule.Multiplied m = (PriceRule.Multiplied) rule;
        StringBuilder sb = new StringBuilder("(" + of(m.inner()) + ")");
        m.factors().forEach((input, byValue) -> byValue.forEach((value, factor) ->
                sb.append(" * (").append(input).append(" = ").append(literal(value)).append(" ? ").append(num(factor)).append(" : 1)")));
        return sb.toString();
    }

    private static String choice(String input, Map<String, BigDecimal> prices, String defaultValue) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, BigDecimal> e : prices.entrySet()) {
            if (e.getKey().equals(defaultValue)) continue;
            sb.append(input).append(" = \"").append(e.getKey()).append("\" ? ").append(num(e.getValue())).append(" : ");
        }
        return sb.append(num(prices.get(defaultValue))).toString();
    }

    private static String literal(String value) {
        return value.equals("true") || value.equals("false") || value.matches("-?[0-9.]+") ? value : "\"" + value + "\"";
    }

    private static String num(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
