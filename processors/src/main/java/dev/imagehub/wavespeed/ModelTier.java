package dev.imagehub.wavespeed;

/** A model's price band within its task: what {@code mode: budget | balanced | quality} chooses from. */
public enum ModelTier {
    BUDGET, BALANCED, PREMIUM;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
