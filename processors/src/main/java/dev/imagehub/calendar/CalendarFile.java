package dev.imagehub.calendar;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads config/calendar.csv: a header line naming the columns, then one post per line. Blank lines and lines starting
 * with {@code #} are skipped; fields may be quoted ("a caption, with a comma", "" for a quote). An invalid row becomes
 * an {@link Problem} with its line number and does not affect the others.
 */
public final class CalendarFile {
    /** The columns, in any order; date, time, platforms and image are required, the others may be left empty. */
    public static final List<String> COLUMNS = List.of("date", "time", "zone", "platforms", "image", "caption", "chain");
    public static final String CSV = "config/calendar.csv";
    public static final String YAML = "config/calendar.yaml";
    private static final Set<String> REQUIRED = Set.of("date", "time", "platforms", "image");

    /** An invalid row (or header): its file, line number and what to fix. */
    public record Problem(String file, int line, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + reason;
        }
    }

    /** The valid posts and the problems of one reading. */
    public record Parsed(List<CalendarPost> posts, List<Problem> problems) {
    }

    private CalendarFile() {
    }

    /** Parses {@code text} for a hub without layouts: a {@code template:} row is an unknown layout. */
    public static Parsed parse(String text, ZoneId defaultZone, Set<String> presets, Predicate<String> chainExists) {
        return parse(text, defaultZone, presets, chainExists, Map.of());
    }

    /**
     * Parses {@code text}. {@code defaultZone} applies to rows with an empty zone; {@code presets} are the preset names
     * of config/presets.yaml; {@code chainExists} says whether a chain name is defined in config/chains.yaml;
     * {@code layouts} maps each layout of templates/layouts to its slot names: a column named like a slot carries a
     * value for {@code template:<layout>} rows.
     */
    public static Parsed parse(String text, ZoneId defaultZone, Set<String> presets, Predicate<String> chainExists,
                               Map<String, Set<String>> layouts) {
        List<CalendarPost> posts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<dev.imagehub.config.Csv.Record> records;
        try {
            records = dev.imagehub.config.Csv.records(text, true);
        } catch (IllegalArgumentException e) {
            // a quote never closed swallows the rest of the file: the rows before it still count
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^line (\\d+): ").matcher(e.getMessage());
            if (!m.find()) {
                problems.add(new Problem(CSV, 1, e.getMessage()));
                return new Parsed(List.of(), List.copyOf(problems));
            }
            int open = Integer.parseInt(m.group(1));
            problems.add(new Problem(CSV, open, e.getMessage().substring(m.end())
                    + "; the lines after it are read as part of that cell, so they are not planned until it is closed"));
            String[] lines = text.split("\r\n|\r|\n", -1);
            records = dev.imagehub.config.Csv.records(String.join("\n", java.util.Arrays.copyOf(lines, open - 1)), true);
        }
        List<String> header = null;
        for (dev.imagehub.config.Csv.Record record : records) {
            int lineNo = record.line();
            List<String> fields = record.cells();
            if (header == null) {
                header = fields.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).toList();
                String bad = checkHeader(header, layouts);
                if (bad != null) {
                    problems.add(new Problem(CSV, lineNo, bad));
                    return new Parsed(List.of(), problems);
                }
                continue;
            }
            try {
                if (fields.size() > header.size()) {
                    throw new IllegalArgumentException(fields.size() + " fields but the header names " + header.size()
                            + " columns (quote a caption that contains a comma)");
                }
                java.util.Map<String, String> v = new java.util.HashMap<>();
                for (int c = 0; c < header.size(); c++) v.put(header.get(c), c < fields.size() ? fields.get(c).trim() : "");
                posts.add(row(lineNo, v, defaultZone, presets, chainExists, layouts));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(CSV, lineNo, e.getMessage()));
            }
        }
        if (header == null) problems.add(new Problem(CSV, 1, "no header line: the first line names the columns (" + String.join(",", COLUMNS) + ")"));
        return new Parsed(List.copyOf(posts), List.copyOf(problems));
    }

    private static String checkHeader(List<String> header, Map<String, Set<String>> layouts) {
        Set<String> seen = new LinkedHashSet<>();
        for (String h : header) {
            // other columns are slot values of template: rows (headline, subline, ...)
            if (!COLUMNS.contains(h) && !isSlot(h, layouts)) return "unknown column '" + h + "' in the header (known: " + known(layouts) + ")";
            if (!seen.add(h)) return "column '" + h + "' appears twice in the header";
        }
        for (String r : COLUMNS) {
            if (REQUIRED.contains(r) && !seen.contains(r)) return "the header has no '" + r + "' column (required: date, time, platforms, image)";
        }
        return null;
    }

    /**
     * Parses the YAML form ({@code config/calendar.yaml}): a list of posts, each a mapping with the CSV's column names
     * as keys; {@code platforms} may be a list. Problems carry the line of the post's first key.
     */
    public static Parsed parseYaml(String text, ZoneId defaultZone, Set<String> presets, Predicate<String> chainExists) {
        return parseYaml(text, defaultZone, presets, chainExists, Map.of());
    }

    /** Parses the YAML form; {@code layouts} as for {@link #parse(String, ZoneId, Set, Predicate, Map)}. */
    public static Parsed parseYaml(String text, ZoneId defaultZone, Set<String> presets, Predicate<String> chainExists,
                                   Map<String, Set<String>> layouts) {
        List<CalendarPost> posts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        dev.imagehub.config.ConfigNode root;
        try {
            root = dev.imagehub.config.YamlConfig.parse(text, YAML);
        } catch (dev.imagehub.config.ConfigException e) {
            return new Parsed(List.of(), List.of(new Problem(YAML, e.line(), e.getMessage().replaceFirst("^[^ ]*: ", ""))));
        }
        if (root.isMap() && root.entries().isEmpty()) return new Parsed(List.of(), List.of());
        if (!root.isList()) {
            return new Parsed(List.of(), List.of(new Problem(YAML, root.line(), "the file must be a list of posts (- date: 2027-01-15 ...)")));
        }
        for (dev.imagehub.config.ConfigNode item : root.items()) {
            try {
                if (!item.isMap()) throw new IllegalArgumentException("each post is a mapping (date:, time:, platforms:, image: ...)");
                java.util.Map<String, String> v = new java.util.HashMap<>();
                for (java.util.Map.Entry<String, dev.imagehub.config.ConfigNode> e : item.entries().entrySet()) {
                    if (!COLUMNS.contains(e.getKey()) && !isSlot(e.getKey(), layouts)) {
                        throw new IllegalArgumentException("unknown key '" + e.getKey() + "' (known: " + known(layouts) + ")");
                    }
                    dev.imagehub.config.ConfigNode value = e.getValue();
                    String s = value.isList() ? String.join("|", value.items().stream().map(dev.imagehub.config.ConfigNode::text).toList())
                            : value.isScalar() ? value.text() : null;
                    if (s == null) throw new IllegalArgumentException("'" + e.getKey() + "' must be a value or a list, not a mapping");
                    v.put(e.getKey(), s.trim());
                }
                for (String r : REQUIRED) {
                    if (!v.containsKey(r)) throw new IllegalArgumentException("the post has no '" + r + "' (required: date, time, platforms, image)");
                }
                posts.add(row(item.line(), v, defaultZone, presets, chainExists, layouts));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(YAML, item.line(), e.getMessage()));
            }
        }
        return new Parsed(List.copyOf(posts), List.copyOf(problems));
    }

    private static CalendarPost row(int lineNo, java.util.Map<String, String> v, ZoneId defaultZone, Set<String> presets,
                                    Predicate<String> chainExists, Map<String, Set<String>> layouts) {
        LocalDate date;
        try {
            date = LocalDate.parse(v.get("date"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date '" + v.get("date") + "' is not a date like 2026-12-24 (year-month-day)");
        }
        LocalTime time;
        try {
            time = LocalTime.parse(v.get("time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + v.get("time") + "' is not a 24-hour time like 09:30 or 18:05:30");
        }
        ZoneId zone = defaultZone;
        String z = v.getOrDefault("zone", "");
        if (!z.isEmpty()) {
            try {
                zone = ZoneId.of(z);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("zone '" + z + "' is not a time zone id like Europe/Paris, America/New_York or UTC");
            }
        }
        String platformText = v.get("platforms");
        if (platformText.isEmpty()) throw new IllegalArgumentException("no platform (for example instagram|facebook)");
        List<CalendarPost.Platform> platforms = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String p : platformText.split("[|;]")) {
            String name = p.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !names.add(name)) continue;
            String preset = Platforms.preset(name, presets);
            if (preset == null) {
                throw new IllegalArgumentException("unknown platform '" + p.trim() + "' (use " + String.join(", ", new java.util.TreeSet<>(
                        Platforms.aliases().keySet())) + ", or a preset of config/presets.yaml)");
            }
            platforms.add(new CalendarPost.Platform(name, preset));
        }
        if (platforms.isEmpty()) throw new IllegalArgumentException("no platform (for example instagram|facebook)");
        String image = v.getOrDefault("image", "").replace('\\', '/');
        // a template row may do without a picture (a quote card draws only its texts); any other row exports its image
        if (image.isEmpty() && !v.getOrDefault("chain", "").startsWith(CalendarPost.TEMPLATE)) {
            throw new IllegalArgumentException("no image (a path under the hub folder, e.g. library/beach.jpg; only a template:<layout> row may leave it empty)");
        }
        if (image.startsWith("/") || image.matches("^[A-Za-z]:.*") || List.of(image.split("/")).contains("..")) {
            throw new IllegalArgumentException("image '" + image + "' must be a path inside the hub folder, like library/beach.jpg (no '..', not absolute)");
        }
        String chain = v.getOrDefault("chain", "");
        java.util.Map<String, String> values = new java.util.TreeMap<>();
        v.forEach((k, value) -> {
            if (!COLUMNS.contains(k) && !value.isEmpty()) values.put(k, value);
        });
        if (chain.startsWith(CalendarPost.TEMPLATE)) {
            String layout = chain.substring(CalendarPost.TEMPLATE.length()).strip();
            Set<String> slots = layouts.get(layout);
            if (slots == null) {
                    throw new IllegalArgumentException("unknown layout '" + layout + "' in '" + chain + "' (layouts in templates/layouts: "
                        + (layouts.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(layouts.keySet()))) + ")");
            }
            for (String k : values.keySet()) {
                if (!slots.contains(k)) {
                    throw new IllegalArgumentException("column '" + k + "' is no slot of layout '" + layout + "' (slots: "
                            + String.join(", ", new java.util.TreeSet<>(slots)) + ")");
                }
            }
            chain = CalendarPost.TEMPLATE + layout;
        } else {
            if (!chain.isEmpty() && !chainExists.test(chain)) {
                throw new IllegalArgumentException("unknown chain '" + chain + "' (chains are defined in config/chains.yaml; a layout is template:<layout>)");
            }
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("column '" + values.keySet().iterator().next() + "' is a slot value, but the row names no "
                        + "template (write the chain column as template:<layout>, e.g. template:instagram-post)");
            }
        }
        return new CalendarPost(lineNo, date, time, zone, List.copyOf(platforms), image, v.getOrDefault("caption", ""),
                chain.isEmpty() ? null : chain, values);
    }

    private static boolean isSlot(String name, Map<String, Set<String>> layouts) {
        return layouts.values().stream().anyMatch(slots -> slots.contains(name));
    }

    private static String known(Map<String, Set<String>> layouts) {
        String base = String.join(", ", COLUMNS);
        if (layouts.isEmpty()) return base;
        Set<String> slots = new java.util.TreeSet<>();
        layouts.values().forEach(slots::addAll);
        return base + "; for template: rows also the layouts' slots " + String.join(", ", slots);
    }
}
