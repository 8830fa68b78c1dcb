package dev.imagehub.wavespeed;

import java.math.BigDecimal;

/**
 * An AI call that did not produce outputs, with what it cost: nothing when it was never submitted (no key, budget,
 * rejected request), the price when a submitted task failed or its outcome is unknown. The message is for the user:
 * it names the model and says what happened and what to do.
 */
public final class AiFailure extends Exception {
    private final String predictionId;
    private final BigDecimal estimatedUsd;
    private final BigDecimal costUsd;

    public AiFailure(String message, String predictionId, BigDecimal estimatedUsd, BigDecimal costUsd, Throwable cause) {
        super(message, cause);
        this.predictionId = predictionId;
        this.estimatedUsd = estimatedUsd == null ? BigDecimal.ZERO : estimatedUsd;
        this.costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }

    /** A failure before anything was sent: costs nothing. */
    public static AiFailure notSent(String message) {
        return new AiFailure(message, null, BigDecimal.ZERO, BigDecimal.ZERO, null);
    }

    /** The task id if one was created, else null. */
    public String predictionId() {
        return predictionId;
    }

    public BigDecimal estimatedUsd() {
        return estimatedUsd;
    }

    public BigDecimal costUsd() {
        return costUsd;
    }
}
