package dev.imagehub.wavespeed.client;

import java.math.BigDecimal;

import dev.imagehub.wavespeed.SpendGuard;

/**
 * A spend guard without budgets: every reservation is allowed. The hub uses it until budgets are configured by the
 * cost-control part of issue 4; costs are still recorded in the ledger.
 */
public final class UnlimitedSpendGuard implements SpendGuard {

    @Override
    public void reserve(String taskKey, String route, String modelId, BigDecimal estimateUsd) {
        // no budget to check
    }

    @Override
    public void settle(String taskKey, BigDecimal actualUsd) {
        // nothing reserved
    }

    @Override
    public void release(String taskKey) {
        // nothing reserved
    }
}
