package dev.imagehub.wavespeed;

import java.math.BigDecimal;

/**
 * Keeps AI spending inside the configured budgets (per route and overall, per day and per month). The gateway reserves
 * a task's estimated price before it submits, atomically with the budget check, so parallel tasks can never overshoot
 * a budget together; the reservation later becomes the actual cost or is released if nothing was created.
 */
public interface SpendGuard {

    /**
     * Reserves {@code estimateUsd} for the task {@code taskKey} of {@code route}. Throws {@link AiFailure#notSent} whose
     * message names the budget that would be exceeded, its limit, what is already spent and by how much this task
     * would exceed it. Reserving a key that is already reserved does nothing (a resumed task is not counted twice).
     */
    void reserve(String taskKey, String route, String modelId, BigDecimal estimateUsd) throws AiFailure;

    /** The task's final cost is known (completed, failed, or unknown outcome charged at its estimate). */
    void settle(String taskKey, BigDecimal actualUsd);

    /** The submit was refused before any task existed: the reservation is removed. */
    void release(String taskKey);
}
