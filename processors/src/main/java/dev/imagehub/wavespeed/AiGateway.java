package dev.imagehub.wavespeed;

/**
 * Runs WaveSpeed predictions for AI steps: prices and budgets first, uploads, one submit, polling, downloads. The
 * implementation guarantees that a call repeated by the same job (a job re-run after a crash keeps its id) never
 * submits a second paid task: it resumes the first one or returns its stored outputs. Every job that submits pays for
 * a task of its own, even for identical bytes.
 */
public interface AiGateway {
    /** The service name files wait for while WaveSpeed cannot take tasks ({@link dev.imagehub.wavespeed.Postponed}). */
    String SERVICE = "WaveSpeed";

    /** Runs {@code call} to a terminal state and returns its downloaded outputs. */
    AiResult run(AiCall call) throws AiFailure, InterruptedException;

    /** The model registry the gateway prices and validates against. */
    ModelRegistry registry();

    /**
     * The account balance in USD as last read, at most {@code hub.wavespeed.balanceSeconds} old (an older one is asked
     * for again in the background); empty without a key or before the first answer. Never waits for the network.
     */
    default java.util.Optional<java.math.BigDecimal> balance() {
        return java.util.Optional.empty();
    }
}
