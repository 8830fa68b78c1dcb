package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a model's price follows from its inputs; one of the rule shapes of config/models.yaml. Input values are the
 * strings a step would send (e.g. {@code resolution=8k}), plus derived ones such as {@code audio.seconds}.
 */
public sealed interface PriceRule {

    /** The price for one run with these inputs, or a request to quote when the table cannot price them. */
    PriceEstimate estimate(Map<String, String> inputs);

    /** The price with every input at its default; empty when only the pricing endpoint knows it. */
    Optional<BigDecimal> base();

    /** A one-line description for the {@code hub models} table. */
    String summary();

    static String usd(BigDecimal amount) {
        return "$" + amount.toPlainString();
    }

    /** One price whatever the inputs. */
    record Flat(BigDecimal amount) implements PriceRule {
        public PriceEstimate estimate(Map<String, String> inputs) {
            return PriceEstimate.of(amount, "flat " + usd(amount));
        }

        public Optional<BigDecimal> base() {
            return Optional.of(amount);
        }

        public String summary() {
            return usd(amount);
        }
    }

    /** A price per value of one input ({@code byResolution}: 4k 0.15, 8k 0.18; also rendering speed). */
    record ByOption(String input, String defaultValue, Map<String, BigDecimal> prices) implements PriceRule {
        public PriceEstimate estimate(Map<String, String> inputs) {
            String value = inputs.getOrDefault(input, defaultValue);
            BigDecimal p = prices.get(value);
            if (p == null) {
                return PriceEstimate.quote(input + " '" + value + "' has no price in the registry (priced: "
                        + String.join(", ", prices.keySet()) + ")");
            }
            return PriceEstimate.of(p, input + " " + value + " " + usd(p));
        }

        public Optional<BigDecimal> base() {
            return Optional.of(prices.get(defaultValue));
        }

        public String summary() {
            return prices.entrySet().stream().map(e -> e.getKey() + " " + usd(e.getValue())).collect(Collectors.joining(" | "));
        }
    }

    /** A price by quality tier and size shape: square when a {@code W*H} size has W = H, otherwise rect (GPT Image 1). */
    record ByQuality(String qualityInput, String sizeInput, String defaultQuality, String defaultSize,
                     Map<String, Map<String, BigDecimal>> prices) implements PriceRule {
        public PriceEstimate estimate(Map<String, String> inputs) {
            String quality = inputs.getOrDefault(qualityInput, defaultQuality);
            String size = inputs.getOrDefault(sizeInput, defaultSize);
            Map<String, BigDecimal> byShape = prices.get(quality);
            if (byShape == null) {
                return PriceEstimate.quote(qualityInput + " '" + quality + "' has no price in the registry (priced: "
                        + String.join(", ", prices.keySet()) + ")");
            }
            String shape = shape(size);
            if (shape == null) {
                return PriceEstimate.quote(sizeInput + " '" + size + "' is not a W*H size the registry can price");
            }
            BigDecimal p = byShape.get(shape);
            if (p == null) return PriceEstimate.quote(quality + " " + shape + " has no price in the registry");
            return PriceEstimate.of(p, qualityInput + " " + quality + ", " + shape + " " + size + " " + usd(p));
        }

        static String shape(String size) {
            String[] wh = size.split("\\*");
            if (wh.length != 2) return null;
            try {
                return Integer.parseInt(wh[0].trim()) == Integer.parseInt(wh[1].trim()) ? "square" : "rect";
            } catch (NumberFormatException e) {
                return null;
            }
        }

        public Optional<BigDecimal> base() {
            return Optional.ofNullable(prices.getOrDefault(defaultQuality, Map.of()).get(shape(defaultSize)));
        }

        public String summary() {
            return prices.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().values().stream().map(PriceRule::usd).collect(Collectors.joining("/")))
                    .collect(Collectors.joining(", ")) + " (" + String.join("/", prices.values().iterator().next().keySet()) + ")";
        }
    }

    /**
     * A rate per second chosen by one input; the length is rounded up to whole seconds, raised to {@code minimum} and
     * capped at {@code maximum} (null: no cap), as WaveSpeed bills video (WAN 2.5, InfiniteTalk).
     */
    record PerSecond(String secondsInput, String defaultSeconds, String rateInput, String defaultRate,
                     Map<String, BigDecimal> rates, BigDecimal minimum, BigDecimal maximum) implements PriceRule {
        public PriceEstimate estimate(Map<String, String> inputs) {
            String key = inputs.getOrDefault(rateInput, defaultRate);
            BigDecimal rate = rates.get(key);
            if (rate == null) {
                return PriceEstimate.quote(rateInput + " '" + key + "' has no rate in the registry (priced: "
                        + String.join(", ", rates.keySet()) + ")");
            }
            String text = inputs.getOrDefault(secondsInput, defaultSeconds);
            if (text == null) return PriceEstimate.quote(secondsInput + " is not known, so the length cannot be priced");
            BigDecimal seconds;
            try {
                seconds = new BigDecimal(text.trim()).setScale(0, RoundingMode.CEILING);
            } catch (NumberFormatException e) {
                return PriceEstimate.quote(secondsInput + " '" + text + "' is not a number of seconds");
            }
            BigDecimal billed = seconds.max(minimum);
            if (maximum != null) billed = billed.min(maximum);
            BigDecimal total = rate.multiply(billed);
            return PriceEstimate.of(total, billed.toPlainString() + " s at " + key + " " + usd(rate) + "/s = " + usd(total));
        }

        public Optional<BigDecimal> base() {
            BigDecimal seconds = defaultSeconds == null ? minimum : new BigDecimal(defaultSeconds).max(minimum);
            return Optional.of(rates.get(defaultRate).multiply(seconds));
        }

        public String summary() {
            return rates.entrySet().stream().map(e -> e.getKey() + " " + usd(e.getValue()) + "/s")
                    .collect(Collectors.joining(", ")) + "; min " + minimum.toPlainString() + " s"
                    + (maximum == null ? "" : ", max " + maximum.toPlainString() + " s");
        }
    }

    /**
     * No known price: the hub must ask the pricing endpoint before it submits. {@code reference} (may be null) is a
     * price seen elsewhere; the hub never budgets with it, the emulator charges it so it has a price like the real API.
     */
    record Quote(String why, BigDecimal reference) implements PriceRule {
        public PriceEstimate estimate(Map<String, String> inputs) {
            return PriceEstimate.quote(why);
        }

        public Optional<BigDecimal> base() {
            return Optional.empty();
        }

        public String summary() {
            return "quote (no known price)";
        }
    }

    /** Another rule times a factor per input value (Hunyuan3D V2 textured_mesh=true is billed 3x). */
    record Multiplied(PriceRule inner, Map<String, Map<String, BigDecimal>> factors) implements PriceRule {
        public PriceEstimate estimate(Map<String, String> inputs) {
            PriceEstimate e = inner.estimate(inputs);
            if (e.quoteNeeded()) return e;
            BigDecimal total = e.usd();
            StringBuilder detail = new StringBuilder(e.detail());
            for (Map.Entry<String, Map<String, BigDecimal>> f : factors.entrySet()) {
                BigDecimal factor = f.getValue().get(inputs.get(f.getKey()));
                if (factor != null) {
                    total = total.multiply(factor);
                    detail.append(", ").append(f.getKey()).append('=').append(inputs.get(f.getKey()))
                            .append(" x").append(factor.toPlainString());
                }
            }
            return PriceEstimate.of(total, detail.append(" = ").append(usd(total)).toString());
        }

        public Optional<BigDecimal> base() {
            return inner.base();
        }

        public String summary() {
            List<String> parts = new java.util.ArrayList<>();
            factors.forEach((input, byValue) -> byValue.forEach((v, x) -> parts.add(input + "=" + v + " x" + x.toPlainString())));
            return inner.summary() + "; " + String.join(", ", parts);
        }
    }

    /** Copies a map keeping its order, for the records above. */
    static <V> Map<String, V> ordered(Map<String, V> m) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
