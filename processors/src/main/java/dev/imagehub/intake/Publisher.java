package dev.imagehub.intake;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Places a finished file under a name nobody else has, atomically: readers never see half a file and an earlier
 * result is never overwritten. A hard link claims the name (it fails if the name exists, with no race between
 * workers or hubs), then the temporary name is removed. Where links are impossible it falls back to an atomic move.
 */
public final class Publisher {
    private static final Object FALLBACK_LOCK = new Object();

    private Publisher() {
    }

    /**
     * Publishes {@code file} into {@code dir} as {@code stem.ext}, or {@code stem-2.ext}, {@code stem-3.ext}, ... if taken.
     * The source name disappears. Returns the name used.
     */
    public static String publish(Path file, Path dir, String stem, String extension) throws IOException {
        Files.createDirectories(dir);
        for (int n = 1; n < 100_000; n++) {
            Path target = dir.resolve(SafeNames.candidate(stem, extension, n));
            try {
                Files.createLink(target, file);
                Files.delete(file);
                return target.getFileName().toString();
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                synchronized (FALLBACK_LOCK) {
                    if (Files.exists(target)) continue;
                    try {
                        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException crossDevice) {
                        Path staging = dir.resolve("." + target.getFileName() + ".hub-staging");
                        Files.copy(file, staging, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                        Files.delete(file);
                    }
                    return target.getFileName().toString();
                }
            }
        }
        throw new IOException("no free name for " + stem + " in " + dir);
    }

    /** Whether {@code file} already has a second name (it was linked into place before a crash removed the first). */
    public static boolean alreadyLinked(Path file) {
        try {
            Object n = Files.getAttribute(file, "unix:nlink");
            return n instanceof Integer i && i > 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Writes bytes to a hidden temporary file in {@code dir} (dot-prefixed, so hot folders and most tools ignore it). */
    public static Path writeTemp(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name);
        Files.write(tmp, bytes);
        return tmp;
    }
}
