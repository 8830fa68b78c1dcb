package dev.imagehub.intake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Places a finished file under a name nobody else has, atomically and durably: readers never see half a file, an
 * earlier result is never overwritten, and once a job is committed its files survive a power loss. A hard link claims
 * the name (it fails if the name exists, with no race between workers or hubs), then the temporary name is removed and
 * both folders are synced. Where links are impossible it falls back to an atomic move.
 */
public final class Publisher {
    /** The longest file name (in UTF-8 bytes) common file systems accept. */
    public static final int NAME_MAX = 255;
    private static final Object FALLBACK_LOCK = new Object();

    private Publisher() {
    }

    /**
     * Publishes {@code file} into {@code dir} as {@code stem.ext}, or {@code stem-2.ext}, {@code stem-3.ext}, ... if taken.
     * The source name disappears. Returns the name used.
     */
    public static String publish(Path file, Path dir, String stem, String extension) throws IOException {
        return publish(file, dir, stem, extension, 0);
    }

    /**
     * As above, keeping the name short enough that {@code reserve} more bytes (a sidecar's {@code .error.json}) can be
     * appended to it: a long stem is cut at a character boundary rather than the file system refusing the name.
     */
    public static String publish(Path file, Path dir, String stem, String extension, int reserve) throws IOException {
        return publish(file, dir, stem, extension, reserve, name -> { });
    }

    /** Writes what must be in place before a file takes its name (its sidecar), given the name it is about to take. */
    public interface BeforeName {
        void write(String name) throws IOException;
    }

    /**
     * As above, calling {@code before} with the name first: a file's sidecar is written before the file appears, so a
     * reader that waits for the file finds its sidecar (a stale sidecar of a file no longer there is replaced).
     */
    public static String publish(Path file, Path dir, String stem, String extension, int reserve, BeforeName before) throws IOException {
        Files.createDirectories(dir);
        Path from = file.getParent();
        for (int n = 1; n < 100_000; n++) {
            Path target = dir.resolve(fitting(stem, extension, n, reserve));
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) continue;
            before.write(target.getFileName().toString());
            try {
                Files.createLink(target, file);
                Files.delete(file);
                syncDirectory(dir);
                if (from != null && !from.equals(dir)) syncDirectory(from);
                return target.getFileName().toString();
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                synchronized (FALLBACK_LOCK) {
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) continue;
                    try {
                        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException crossDevice) {
                        Path staging = dir.resolve(".hub-staging-" + System.nanoTime() + ".tmp");
                        Files.copy(file, staging, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                        force(staging);
                        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                        Files.delete(file);
                    }
                    syncDirectory(dir);
                    if (from != null && !from.equals(dir)) syncDirectory(from);
                    return target.getFileName().toString();
                }
            }
        }
        throw new IOException("no free name for " + stem + " in " + dir);
    }

    /** The n-th candidate name, its stem shortened so that the name plus {@code reserve} bytes fits {@link #NAME_MAX}. */
    static String fitting(String stem, String extension, int n, int reserve) {
        String name = SafeNames.candidate(stem, extension, n);
        int over = utf8(name) + reserve - NAME_MAX;
        if (over <= 0) return name;
        String shorter = SafeNames.truncateUtf8(stem, Math.max(1, utf8(stem) - over));
        return SafeNames.candidate(shorter, extension, n);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Whether {@code file} already has a second name (it was linked into place before a crash removed the first). */
    public static boolean alreadyLinked(Path file) {
        try {
            Object n = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return n instanceof Integer i && i > 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Writes bytes to a hidden temporary file in {@code dir} (dot-prefixed, so hot folders and most tools ignore it) and
     * forces them to disk, so that a job committed afterwards never refers to an empty file after a power loss.
     */
    public static Path writeTemp(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        return tmp;
    }

    /** Forces a file's content to disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Forces a folder's entries (names created, renamed or removed in it) to disk; a no-op where folders cannot be opened. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException notSupported) {
            // Windows cannot open a folder as a channel; NTFS journals its metadata itself
        }
    }
}
