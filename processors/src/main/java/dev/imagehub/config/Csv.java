package dev.imagehub.config;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 cells of one CSV line (quoted cells may hold commas and doubled quotes), whole CSV files whose quoted cells
 * may also hold line breaks ({@link #records}), and quoting for reports.
 */
public final class Csv {
    private Csv() {
    }

    /** One record of a CSV file: the line it starts on (1-based) and its cells. */
    public record Record(int line, List<String> cells) {
    }

    /**
     * The records of a whole CSV text: UTF-8 with or without a BOM, CRLF or LF, quoted cells holding separators,
     * doubled quotes and line breaks. The separator is ';' when the first record has more semicolons than commas
     * outside quotes (spreadsheets in many European locales write that), else ','. Blank lines are skipped.
     *
     * @throws IllegalArgumentException when a quoted cell is never closed, naming the line it opened on
     */
    public static List<Record> records(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        char sep = separator(t);
        List<Record> out = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;                                        // the record has content (a blank line has none)
        int line = 1;
        int start = 1;
        int quoteLine = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < t.length() && t.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') line++;
                    if (c != '\r' || i + 1 >= t.length() || t.charAt(i + 1) != '\n') cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
                quoteLine = line;
            } else if (c == sep) {
                cells.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n') i++;
                if (any || cell.length() > 0) {
                    cells.add(cell.toString());
                    if (!isBlank(cells)) out.add(new Record(start, List.copyOf(cells)));
                }
                cells.clear();
                cell.setLength(0);
                any = false;
                line++;
                start = line;
            } else {
                cell.append(c);
                if (!Character.isWhitespace(c)) any = true;
            }
        }
        if (quoted) throw new IllegalArgumentException("line " + quoteLine + ": a quoted cell is never closed (a \" is missing)");
        if (any || cell.length() > 0) {
            cells.add(cell.toString());
            if (!isBlank(cells)) out.add(new Record(start, List.copyOf(cells)));
        }
        return out;
    }

    private static boolean isBlank(List<String> cells) {
        return cells.stream().allMatch(String::isBlank);
    }

    // counted on the first line outside quotes, so "Hello, world";author still splits on ';'
    private static char separator(String text) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r')) break;
            else if (!quoted && c == ',') commas++;
            else if (!quoted && c == ';') semicolons++;
        }
        return semicolons > commas ? ';' : ',';
    }

    /** The cells of one CSV line (quotes and doubled quotes as RFC 4180 writes them). */
    public static List<String> parse(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** A cell for a CSV report: quoted when needed, and a leading =, +, - or @ defused for spreadsheets. */
    public static String quote(String value) {
        if (value == null) return "";
        // a leading =, +, - or @ would run as a formula in a spreadsheet
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
