package dev.imagehub.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Paths that users name in files the hub reads (sidecars, batch rows, CSV cells, calendar rows), resolved inside a root
 * folder: never outside it, and never through a symbolic link, which could make the hub read and publish any file its
 * OS user can read.
 */
public final class ConfinedPaths {
    private ConfinedPaths() {
    }

    /** Why a named path was refused; the message is written for the user who named it. */
    public static final class RefusedPath extends IOException {
        public RefusedPath(String message) {
            super(message);
        }
    }

    /**
     * {@code value} resolved under {@code root}; refused when it lies outside (an absolute path elsewhere, or climbing out
     * with {@code ..}), or passes
     * through a symbolic link below {@code root} (the target itself included). The file need not exist.
     */
    public static Path inside(Path root, String value) throws RefusedPath {
        Path base = root.toAbsolutePath().normalize();
        Path p;
        try {
            p = base.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new RefusedPath("'" + value + "' is not a valid path (" + e.getReason() + ")");
        }
        if (!p.startsWith(base) || p.equals(base)) {
            throw new RefusedPath("'" + value + "' lies outside " + base + "; paths must stay inside it (no '..')");
        }
        Optional<Path> link = firstLink(base, p);
        if (link.isPresent()) throw new RefusedPath(linkReason(value, base.relativize(link.get()).toString()));
        return p;
    }

    /** The first symbolic link on the way from {@code root} (excluded) down to {@code path} (included), if any. */
    public static Optional<Path> firstLink(Path root, Path path) {
        Path base = root.toAbsolutePath().normalize();
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(base)) return Optional.empty();
        Path current = base;
        for (Path part : base.relativize(p)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) return Optional.of(current);
        }
        return Optional.empty();
    }

    /** The reason given for a path refused because of a link. */
    public static String linkReason(String named, String link) {
        String where = named.equals(link) ? "'" + named + "' is a symbolic link" : "'" + named + "' goes through the symbolic link '" + link + "'";
        return where + "; the hub does not follow links, which could make it read and publish files from anywhere on this machine. "
                + "Copy the file itself instead";
    }
}
