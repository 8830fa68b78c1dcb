package dev.imagehub.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A job's files as the console may serve them: addressed by number (0 the original, 1.. the outputs), never by a path
 * from the URL, and only when the file really lies in the hub's inbox or outbox folders (no link leads out).
 */
final class JobFiles {
    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"), Map.entry("webp", "image/webp"), Map.entry("gif", "image/gif"), Map.entry("avif", "image/avif"),
            Map.entry("svg", "image/svg+xml"), Map.entry("glb", "model/gltf-binary"), Map.entry("mp4", "video/mp4"), Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("json", "application/json"), Map.entry("zip", "application/zip"));
    // what a browser shows in an <img>; HEIC and TIFF are listed but downloaded
    private static final java.util.Set<String> VIEWABLE = java.util.Set.of("jpg", "jpeg", "png", "webp", "gif", "avif");

    private final Path home;

    JobFiles(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /** The job's file number {@code n}, if it still exists inside the hub's folders. */
    Optional<Path> file(JobHistory.Job job, int n) {
        if (n < 0) return Optional.empty();
        String relative = n == 0 ? job.original() : n - 1 < job.published().size() ? job.published().get(n - 1) : null;
        return relative == null ? Optional.empty() : inside(relative);
    }

    Optional<Path> inside(String relative) {
        Path p = home.resolve(relative).normalize();
        if (!p.startsWith(home.resolve("inbox")) && !p.startsWith(home.resolve("outbox"))) return Optional.empty();
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            // inbox/ and outbox/ may themselves be links to a share several hubs use (docs/CLUSTER.md): a file must be
            // inside where they really are, never reached through a link further down
            Path real = p.toRealPath();
            if (!real.startsWith(home.resolve("inbox").toRealPath()) && !real.startsWith(home.resolve("outbox").toRealPath())) return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    static String type(Path p) {
        return TYPES.getOrDefault(extension(p), "application/octet-stream");
    }

    static boolean viewable(String name) {
        return VIEWABLE.contains(extension(Path.of(name)));
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
