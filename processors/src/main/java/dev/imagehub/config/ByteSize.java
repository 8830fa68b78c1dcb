package dev.imagehub.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes written the way people write it: {@code 200KB}, {@code 1.5 MB}, {@code 500000}. */
public record ByteSize(long bytes) {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|KIB|MB|MIB|GB|GIB)?", Pattern.CASE_INSENSITIVE);

    public static ByteSize parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a size (write e.g. 200KB, 1.5MB or 500000)");
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "KB" -> 1000L;
            case "KIB" -> 1024L;
            case "MB" -> 1000L * 1000;
            case "MIB" -> 1024L * 1024;
            case "GB" -> 1000L * 1000 * 1000;
            case "GIB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return new ByteSize(Math.round(n * factor));
    }

    @Override
    public String toString() {
        if (bytes >= 1_000_000) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        if (bytes >= 1_000) return String.format(Locale.ROOT, "%.0f KB", bytes / 1e3);
        return bytes + " B";
    }
}
