package dev.imagehub.housekeeping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds what {@link Retention} lets go and removes it, never touching what the hub still needs: a file of a job that
 * has not finished (its original, its failed copy, its AI downloads), an AI task still running, a batch that has not
 * finished. Ages are taken from the files' modification times.
 */
public final class Pruner {
    /** One file or folder that may go: its kind, its size and why it is old enough. */
    public record Candidate(Retention.Kind kind, Path path, long bytes, Duration age) {
    }

    private final Path home;
    private final Retention retention;

    public Pruner(Path home, Retention retention) {
        this.home = home;
        this.retention = retention;
    }

    /** What would go now, oldest first; {@code ledger} (read-only is enough) says what is still needed. */
    public List<Candidate> plan(Connection ledger, Instant now) throws IOException, SQLException {
        Set<String> unfinishedFiles = strings(ledger, "SELECT folder || '/' || file_name FROM hub_job WHERE finalized = FALSE");
        Set<String> liveTasks = strings(ledger, "SELECT t.task_key FROM ai_task t LEFT JOIN hub_job j ON j.job_id = t.job_id "
                + "WHERE t.state IN ('SUBMITTING', 'SUBMITTED', 'UNKNOWN') OR (j.job_id IS NOT NULL AND j.finalized = FALSE)");
        Set<String> finishedBatches = strings(ledger, "SELECT batch_id FROM batch_run WHERE state = 'FINISHED'");
        List<Candidate> out = new ArrayList<>();
        for (Path folder : children(home.resolve("inbox"))) {
            String name = folder.getFileName().toString();
            collect(out, Retention.Kind.DONE, folder.resolve(".done"), name, now, p -> unfinishedFiles.contains(name + "/" + p.getFileName()));
        }
        for (Path folder : children(home.resolve("outbox"))) {
            String name = folder.getFileName().toString();
            collect(out, Retention.Kind.FAILED, folder.resolve("failed"), name, now,
                    p -> unfinishedFiles.contains(name + "/" + p.getFileName().toString().replaceFirst("\\.error\\.json$", "")));
        }
        collect(out, Retention.Kind.AI_DOWNLOADS, home.resolve("data/wavespeed/tasks"), null, now, p -> liveTasks.contains(p.getFileName().toString()));
        collect(out, Retention.Kind.EXPORTS, home.resolve("outbox/calendar"), null, now, p -> false);
        // a batch folder goes only once its batch finished; anything else in outbox/batch/ is not an export
        collect(out, Retention.Kind.EXPORTS, home.resolve("outbox/batch"), null, now, p -> !finishedBatches.contains(p.getFileName().toString()));
        collect(out, Retention.Kind.LOGS, home.resolve("data/logs"), null, now, p -> p.getFileName().toString().equals("hub.log"));
        out.sort(Comparator.comparing(Candidate::age).reversed());
        return out;
    }

    /** Removes the candidates; returns the bytes freed. A file that vanished meanwhile is skipped. */
    public long remove(List<Candidate> candidates) throws IOException {
        long freed = 0;
        for (Candidate c : candidates) {
            if (!Files.exists(c.path(), LinkOption.NOFOLLOW_LINKS)) continue;
            deleteTree(c.path());
            freed += c.bytes();
        }
        return freed;
    }

    /** One line per kind: how many entries and bytes would go (or went). */
    public static String summary(List<Candidate> candidates) {
        StringBuilder sb = new StringBuilder();
        for (Retention.Kind k : Retention.Kind.values()) {
            if (k == Retention.Kind.LEDGER) continue;
            List<Candidate> of = candidates.stream().filter(c -> c.kind() == k).toList();
            if (of.isEmpty()) continue;
            if (sb.length() > 0) sb.append("; ");
            sb.append(String.format(Locale.ROOT, "%s %d (%s)", k.key, of.size(), human(of.stream().mapToLong(Candidate::bytes).sum())));
        }
        return sb.length() == 0 ? "nothing to remove" : sb.toString();
    }

    static String human(long bytes) {
        if (bytes >= 1_000_000_000) return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        if (bytes >= 1_000_000) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        if (bytes >= 1_000) return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
        return bytes + " B";
    }

    private interface Needed {
        boolean test(Path p);
    }

    private void collect(List<Candidate> out, Retention.Kind kind, Path dir, String folder, Instant now, Needed needed) throws IOException {
        Duration keep = retention.keep(kind, folder);
        if (keep == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        for (Path p : children(dir)) {
            String n = p.getFileName().toString();
            if (n.startsWith(".hub-")) continue;                    // a file being written right now
            if (needed.test(p)) continue;
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Instant modified = a.isDirectory() ? newest(p) : a.lastModifiedTime().toInstant();
            Duration age = Duration.between(modified, now);
            if (age.compareTo(keep) > 0) out.add(new Candidate(kind, p, size(p), age));
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static Instant newest(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> {
                try {
                    return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                } catch (IOException e) {
                    return Instant.MAX;                              // unreadable: treat as new, keep it
                }
            }).max(Comparator.naturalOrder()).orElse(Instant.MAX);
        }
    }

    private static long size(Path p) throws IOException {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return Files.size(p);
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        } else {
            Files.deleteIfExists(p);
        }
    }

    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1).trim());
        }
        return out;
    }
}
