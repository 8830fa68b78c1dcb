package dev.imagehub.wavespeed;

/**
 * Runs WaveSpeed predictions for AI steps: prices and budgets first, uploads, one submit, polling, downloads. The
 * implementation guarantees that a call repeated for the same {@link AiCall#key()} (a job re-run after a crash) never
 * submits a second paid task: it resumes the first one or returns its stored outputs.
 */
public interface AiGateway {

    /** Runs {@code call} to a terminal state and returns its downloaded outputs. */
    AiResult run(AiCall call) throws AiFailure, InterruptedException;

    /** The model registry the gateway prices and validates against. */
    ModelRegistry registry();
}
