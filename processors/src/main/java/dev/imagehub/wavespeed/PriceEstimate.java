package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The registry's price for one run with given inputs: a USD amount, or {@code quoteNeeded} when the registry cannot
 * price it (no known price, an input value missing from the price table) and the pricing endpoint must be asked.
 * {@code detail} says how the amount was reached or why a quote is needed.
 */
public record PriceEstimate(BigDecimal usd, boolean quoteNeeded, String detail) {

    static PriceEstimate of(BigDecimal usd, String detail) {
        return new PriceEstimate(usd, false, detail);
    }

    static PriceEstimate quote(String why) {
        return new PriceEstimate(null, true, why);
    }

    public Optional<BigDecimal> amount() {
        return Optional.ofNullable(usd);
    }
}
