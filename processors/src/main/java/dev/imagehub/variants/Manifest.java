package dev.imagehub.variants;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The variants manifest {@code <stem>-variants.csv}: one RFC 4180 row per variant with the values it was drawn with. */
public final class Manifest {
    public static final List<String> COLUMNS = List.of("code", "file", "template", "width", "height", "headline", "scheme", "scheme_colors",
            "crop", "crop_settings", "background", "background_settings", "ai_model", "ai_cost_usd");
    private final StringBuilder csv = new StringBuilder();

    public Manifest() {
        line(COLUMNS);
    }

    /** Adds one row; its cells follow {@link #COLUMNS}. */
    public void add(List<String> cells) {
        if (cells.size() != COLUMNS.size()) throw new IllegalArgumentException("a manifest row has " + COLUMNS.size() + " cells, not " + cells.size());
        line(cells);
    }

    /** The CSV as UTF-8 bytes (CRLF line ends, as RFC 4180 and spreadsheet importers expect). */
    public byte[] bytes() {
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void line(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) csv.append(',');
            csv.append(quote(cells.get(i)));
        }
        csv.append("\r\n");
    }

    /** One cell: quoted when it holds a comma, quote or line break; a leading = + - @ is defused so spreadsheets do not run it. */
    static String quote(String value) {
        if (value == null) return "";
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
