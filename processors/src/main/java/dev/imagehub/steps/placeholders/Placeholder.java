package dev.imagehub.steps.placeholders;

/**
 * What a web page needs to show before the image loads: the result's size, its dominant colour ({@code #rrggbb}), its
 * BlurHash, and a tiny preview image as a data URI (LQIP).
 */
public record Placeholder(int width, int height, String dominantColor, String blurHash, String components, String lqip, int lqipBytes) {
}
