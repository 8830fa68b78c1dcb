package dev.imagehub.wavespeed;

/** Where a registry price comes from, i.e. how far to trust it before the pricing endpoint confirms it. */
public enum PriceSource {
    OFFICIAL("official"), THIRD_PARTY("third-party"), UNKNOWN("unknown");

    private final String word;

    PriceSource(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
