package dev.imagehub.wavespeed.budget;

import java.math.BigDecimal;

/** Where one budget stands now: its limit, what is spent or reserved in the current period, and what is left (never below 0). */
public record BudgetStatus(Budget budget, BigDecimal spent, BigDecimal remaining) {
}
