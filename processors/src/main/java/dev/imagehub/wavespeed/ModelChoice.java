package dev.imagehub.wavespeed;

/** The model the hub chose for a step and why, in words fit for the ledger. */
public record ModelChoice(ModelSpec model, String reason) {
}
