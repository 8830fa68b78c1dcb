package dev.imagehub.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The one CSV dialect of the hub, read and written with Apache Commons CSV: a header row, RFC 4180 quoting (quoted
 * cells may hold separators, doubled quotes and line breaks), ',' or ';' as the separator (';' when the first line
 * has more semicolons than commas outside quotes, as spreadsheets in many European locales write), UTF-8 with or
 * without a BOM, CRLF or LF, blank lines skipped, and in files people keep by hand (batch manifests, the calendar)
 * lines starting with '#' as comments. Errors name the line.
 */
public final class Csv {
    private static final Pattern START_LINE = Pattern.compile("\\(startline (\\d+)\\)");
    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    private Csv() {
    }

    /** One record of a CSV file: the line it starts on (1-based) and its cells. */
    public record Record(int line, List<String> cells) {
    }

    /**
     * The records of a whole CSV text (no comment lines: a quote card may start with '#').
     *
     * @throws IllegalArgumentException when the text is not CSV (a quoted cell never closed, text after a closing
     *                                  quote), naming the line
     */
    public static List<Record> records(String text) {
        return records(text, false);
    }

    /** As {@link #records(String)}; with {@code comments}, lines starting with '#' are skipped. */
    public static List<Record> records(String text, boolean comments) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        CSVFormat.Builder format = CSVFormat.RFC4180.builder().setDelimiter(separator(t, comments)).setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true);
        if (comments) format.setCommentMarker('#');
        List<Record> out = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(t)).setFormat(format.get()).get()) {
            for (CSVRecord r : parser) {
                // a line break inside a quoted cell reads as \n, whichever the file used
                List<String> cells = r.toList().stream().map(c -> c.replace("\r\n", "\n")).toList();
                if (cells.stream().allMatch(String::isBlank)) continue;
                out.add(new Record(lineAt(t, start(t, (int) r.getCharacterPosition(), comments)), List.copyOf(cells)));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(reason(e), e);
        }
        return out;
    }

    /** The text of the comment lines ('#' first, the '#' left out), for settings a file carries in its comments. */
    public static List<String> comments(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> out = new ArrayList<>();
        for (String line : t.split("\r\n|\r|\n")) {
            if (line.startsWith("#")) out.add(line.substring(1).strip());
        }
        return out;
    }

    /** One CSV line of {@code cells} in the dialect (quoted where needed, no line break at the end). */
    public static String row(String... cells) {
        StringBuilder sb = new StringBuilder();
        try {
            CSVFormat.RFC4180.builder().setRecordSeparator("").get().printRecord(sb, (Object[]) cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);                      // a StringBuilder does not fail
        }
        return sb.toString();
    }

    /** A cell for a CSV report: quoted when needed, and a leading =, +, - or @ defused for spreadsheets. */
    public static String quote(String value) {
        if (value == null) return "";
        // a leading =, +, - or @ would run as a formula in a spreadsheet
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return row(v);
    }

    // what Commons CSV says, in the words of this dialect, with the line
    private static String reason(Exception e) {
        String m = String.valueOf(e.getMessage());
        Matcher start = START_LINE.matcher(m);
        if (m.contains("EOF reached before encapsulated token finished") && start.find()) {
            return "line " + start.group(1) + ": a quoted cell is never closed (a \" is missing)";
        }
        Matcher line = LINE.matcher(m);
        if (m.contains("invalid char between encapsulated token and delimiter") && line.find()) {
            return "line " + line.group(1) + ": text after a closing quote; quote the whole cell, and double a quote inside it (\"\")";
        }
        return "the CSV cannot be read: " + m;
    }

    // where a record's own text starts: Commons CSV counts the blank and comment lines it skipped as part of the record
    private static int start(String text, int position, boolean comments) {
        int p = position;
        while (p < text.length()) {
            char c = text.charAt(p);
            if (c == '\r' || c == '\n') {
                p++;
            } else if (comments && c == '#') {
                while (p < text.length() && text.charAt(p) != '\n' && text.charAt(p) != '\r') p++;
            } else {
                int q = p;                                          // a line of spaces only is blank too
                while (q < text.length() && (text.charAt(q) == ' ' || text.charAt(q) == '\t')) q++;
                if (q < text.length() && (text.charAt(q) == '\r' || text.charAt(q) == '\n')) p = q;
                else break;
            }
        }
        return p;
    }

    private static int lineAt(String text, long position) {
        int line = 1;
        for (int i = 0; i < position && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) line++;
        }
        return line;
    }

    // counted on the first line (after blank and comment lines) outside quotes, so "Hello, world";author splits on ';'
    private static char separator(String text, boolean comments) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = start(text, 0, comments); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r')) break;
            else if (!quoted && c == ',') commas++;
            else if (!quoted && c == ';') semicolons++;
        }
        return semicolons > commas ? ';' : ',';
    }
}
