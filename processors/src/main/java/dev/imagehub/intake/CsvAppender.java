package dev.imagehub.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds a job's row to a CSV file shared by a whole outbox folder (such as {@code captions.csv}), exactly once: the
 * row text carries the job id, and a row already present is not written again, so recovery after a crash that
 * struck between the append and the journal's "finalized" mark cannot duplicate it.
 */
public final class CsvAppender {
    /** Marks a placement line whose target is a shared CSV file rather than a new output. */
    public static final String MARK = ">csv:";
    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private CsvAppender() {
    }

    /** {@code staged} holds the header line then the row; it is deleted once the row is in {@code csv}. */
    public static void appendOnce(Path staged, Path csv) throws IOException {
        appendOnce(staged, csv, null);
    }

    /** As {@link #appendOnce(Path, Path)}, with {@code {result}} in the row replaced by {@code resultName} (CSV-quoted). */
    public static void appendOnce(Path staged, Path csv, String resultName) throws IOException {
        List<String> lines = Files.readAllLines(staged, StandardCharsets.UTF_8);
        String header = lines.isEmpty() ? "" : lines.get(0);
        String row = String.join("\n", lines.subList(Math.min(1, lines.size()), lines.size()));
        if (resultName != null) row = row.replace(Placements.RESULT, quote(resultName));
        // one writer per CSV file at a time: workers of the same folder append to the same file
        synchronized (LOCKS.computeIfAbsent(csv.toAbsolutePath(), k -> new Object())) {
            if (!Files.exists(csv)) {
                Files.writeString(csv, header + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            }
            if (!Files.readString(csv, StandardCharsets.UTF_8).contains(row)) {
                Files.writeString(csv, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            Publisher.force(csv);
            Publisher.syncDirectory(csv.getParent());
        }
        Files.delete(staged);
    }

    static String quote(String field) {
        return dev.imagehub.config.Csv.row(field);
    }
}
