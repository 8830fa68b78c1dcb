package dev.imagehub.cards;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.config.Csv;

/**
 * The rows of a dropped text file, one card each: a CSV (header row naming the columns), a .txt (one card from its
 * text) or a .json (an object is one card, an array one card per element). A row that cannot be read keeps its
 * number and line with the reason, so the report names it and the other rows are still made.
 */
public final class CardRows {
    /** Columns that steer the card rather than fill a slot. */
    public static final String IMAGE = "image";
    public static final String NAME = "name";
    public static final String TEMPLATE = "template";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One row: its number (1-based, data rows only), the line it starts on in the file (the element's number in a JSON
     * array), its values by column (blank cells left out), and why it is unusable (null when it is fine).
     */
    public record Row(int number, int line, Map<String, Object> values, String problem) {
        public String text(String column) {
            Object v = values.get(column);
            return v == null ? null : String.valueOf(v).strip();
        }
    }

    private CardRows() {
    }

    /**
     * The rows of {@code text}, read by its extension ({@code csv}, {@code txt}, {@code json}); {@code textSlot} is the
     * slot a .txt's text fills (the layout's first required text, e.g. quote).
     *
     * @throws IOException when the file as a whole cannot be read (no header, broken JSON, an unclosed quote)
     */
    public static List<Row> read(String text, String extension, String textSlot) throws IOException {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return switch (extension.toLowerCase(Locale.ROOT)) {
            case "csv" -> csv(t);
            case "json" -> json(t);
            case "txt" -> {
                Map<String, Object> v = new LinkedHashMap<>();
                if (!t.isBlank()) v.put(textSlot, t.strip());
                yield List.of(new Row(1, 1, v, null));
            }
            default -> throw new IOException("cards are made from a .csv, .txt or .json file, not a ." + extension + " file");
        };
    }

    private static List<Row> csv(String text) throws IOException {
        List<Csv.Record> records;
        try {
            records = Csv.records(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (records.isEmpty()) throw new IOException("the CSV is empty: the first line names the columns (quote,author)");
        Csv.Record head = records.get(0);
        List<String> header = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String cell : head.cells()) {
            String h = cell.strip().toLowerCase(Locale.ROOT);
            if (h.isEmpty()) throw new IOException("line " + head.line() + ": the header has an empty column name");
            if (!seen.add(h)) throw new IOException("line " + head.line() + ": column '" + h + "' appears twice in the header");
            header.add(h);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            Csv.Record r = records.get(i);
            if (r.cells().size() > header.size()) {
                rows.add(new Row(i, r.line(), Map.of(), "the row has " + r.cells().size() + " cells but the header names " + header.size()
                        + " columns (quote a text that contains the separator: \"Hello, world\")"));
                continue;
            }
            Map<String, Object> v = new LinkedHashMap<>();
            for (int c = 0; c < r.cells().size(); c++) {
                String cell = r.cells().get(c).strip();
                if (!cell.isEmpty()) v.put(header.get(c), cell);
            }
            rows.add(new Row(i, r.line(), v, null));
        }
        return rows;
    }

    private static List<Row> json(String text) throws IOException {
        Object parsed;
        try {
            parsed = JSON.readValue(text, Object.class);
        } catch (IOException e) {
            throw new IOException("the JSON cannot be read: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        List<Row> rows = new ArrayList<>();
        if (parsed instanceof Map<?, ?> m) {
            rows.add(new Row(1, 1, values(m), null));
        } else if (parsed instanceof List<?> list) {
            int n = 0;
            for (Object o : list) {
                n++;
                if (o instanceof Map<?, ?> m) rows.add(new Row(n, n, values(m), null));
                else rows.add(new Row(n, n, Map.of(), "element " + n + " is not an object like {\"quote\": \"...\", \"author\": \"...\"}"));
            }
            if (rows.isEmpty()) throw new IOException("the JSON array is empty: give one object per card");
        } else {
            throw new IOException("the JSON must be an object {\"quote\": \"...\"} or an array of them");
        }
        return rows;
    }

    private static Map<String, Object> values(Map<?, ?> m) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getValue() == null || String.valueOf(e.getValue()).isBlank()) continue;
            v.put(String.valueOf(e.getKey()).strip().toLowerCase(Locale.ROOT), e.getValue());
        }
        return v;
    }
}
