package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.util.List;

/**
 * One input a model accepts, as declared in config/models.yaml: its type, whether it is required, its default and
 * limits ({@code min}/{@code max} are a number range, a per-side size range for {@code size}, or an image count for
 * {@code images}).
 */
public record InputSpec(String name, Type type, boolean required, String defaultValue, List<String> values,
                        BigDecimal min, BigDecimal max) {

    /** The kinds of value a model input takes. */
    public enum Type {
        TEXT, IMAGE, IMAGES, AUDIO, INTEGER, NUMBER, BOOLEAN, ENUM, SIZE, LIST;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
