package dev.imagehub.calendar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One valid row of the calendar: when (a local date and time in a zone), where (platforms, each with its preset),
 * what (an image under the hub home, a caption) and how (an optional chain run after the platform's resize, or
 * {@code template:<layout>} rendered at each platform's size with the row's other columns as slot values).
 */
public record CalendarPost(int line, LocalDate date, LocalTime time, ZoneId zone, List<Platform> platforms, String image,
                           String caption, String chain, Map<String, String> values) {
    /** The prefix of the chain column that names a layout of templates/layouts instead of a chain. */
    public static final String TEMPLATE = "template:";

    public CalendarPost {
        values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** A post without slot values. */
    public CalendarPost(int line, LocalDate date, LocalTime time, ZoneId zone, List<Platform> platforms, String image, String caption,
                        String chain) {
        this(line, date, time, zone, platforms, image, caption, chain, Map.of());
    }

    /** The layout of a {@code template:<layout>} row, or null for a chain (or no chain). */
    public String template() {
        return chain != null && chain.startsWith(TEMPLATE) ? chain.substring(TEMPLATE.length()).strip() : null;
    }

    /** A platform of the row and the resize preset that sizes it. */
    public record Platform(String name, String preset) {
    }

    /**
     * The instant the post is due. A local time skipped by a DST change moves forward by the gap (02:30 on a spring-
     * forward night is 03:30); a repeated local time means its first occurrence. So every row fires exactly once.
     */
    public Instant instant() {
        return ZonedDateTime.of(date, time, zone).toInstant();
    }

    /**
     * Identifies the post across restarts and edits: a SHA-256 of everything the row says. Editing a row makes it a
     * new post (the old one is unscheduled); an unchanged row keeps its key, so it is never exported twice.
     */
    public String key() {
        String content = String.join("\u001f", date.toString(), time.toString(), zone.getId(),
                String.join("|", platforms.stream().map(Platform::name).toList()), image, caption, chain == null ? "" : chain)
                // slot values count only when there are some, so the keys of rows written before templates do not change
                + (values.isEmpty() ? "" : "\u001f" + values);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short description for logs and mails: "line 3: 2026-11-24 09:00 Europe/Paris beach.jpg to instagram, x". */
    public String describe() {
        return "line " + line + ": " + date + " " + time + " " + zone.getId() + " " + image + " to "
                + String.join(", ", platforms.stream().map(Platform::name).toList());
    }
}
