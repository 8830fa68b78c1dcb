package dev.imagehub.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks the ZIP of images dropped with a manifest, refusing what could harm the hub: entries that would land
 * outside the target folder, more than {@code maxEntries} files, more than {@code maxBytes} unpacked, and entries that
 * inflate more than {@code maxRatio} times their compressed size (zip bombs), and symbolic links. Sizes are counted
 * while inflating, never taken from the ZIP's own headers.
 */
record ZipImages(int maxEntries, long maxBytes, int maxRatio) {
    private static final int BUFFER = 64 * 1024;
    // a small entry may compress very well (a flat image); the ratio check starts above this size
    private static final long RATIO_FLOOR = 1_000_000;

    /** Unpacks {@code zip} into {@code dir} (created); on any refusal the folder is removed and the reason thrown. */
    void unpack(Path zip, Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            unpackChecked(zip, dir.toAbsolutePath().normalize());
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    private void unpackChecked(Path zip, Path dir) throws IOException {
        String zipName = zip.getFileName().toString();
        int entries = 0;
        long total = 0;
        // the central directory, read with Commons Compress: it carries each entry's Unix mode, so links are seen
        try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
            byte[] buf = new byte[BUFFER];
            for (ZipArchiveEntry e : java.util.Collections.list(archive.getEntriesInPhysicalOrder())) {
                String name = e.getName().replace('\\', '/');
                if (e.isDirectory() || skipped(name)) continue;
                Path target = dir.resolve(name).normalize();
                if (name.startsWith("/") || name.contains(":") || !target.startsWith(dir) || target.equals(dir)) {
                    throw new IOException(zipName + ": entry '" + e.getName() + "' would be written outside the batch's folder; "
                            + "entries must be relative paths without '..'");
                }
                if (e.isUnixSymlink()) {
                    throw new IOException(zipName + ": entry '" + e.getName() + "' is a symbolic link; the hub does not unpack links, "
                            + "which could make it read files from anywhere on this machine. Pack the files themselves");
                }
                if (++entries > maxEntries) {
                    throw new IOException(zipName + ": more than " + maxEntries + " files (hub.batch.zip.maxEntries)");
                }
                Files.createDirectories(target.getParent());
                long written = 0;
                long compressed = e.getCompressedSize();
                try (InputStream in = archive.getInputStream(e); OutputStream out = Files.newOutputStream(target)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        written += n;
                        total += n;
                        if (total > maxBytes) {
                            throw new IOException(zipName + ": more than " + maxBytes / 1_000_000 + " MB unpacked (hub.batch.zip.maxMegabytes)");
                        }
                        if (written > RATIO_FLOOR && compressed > 0 && written / compressed > maxRatio) {
                            throw new IOException(String.format(Locale.ROOT, "%s: entry '%s' inflates more than %d times its compressed size "
                                    + "(a zip bomb?); the limit is hub.batch.zip.maxRatio", zipName, e.getName(), maxRatio));
                        }
                        out.write(buf, 0, n);
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(zipName + ": not a readable ZIP (" + e.getMessage() + ")", e);
        }
    }

    // macOS resource forks and hidden files are not images of the batch
    private static boolean skipped(String name) {
        for (String part : name.split("/")) {
            if (part.startsWith(".") && !part.equals("..") && !part.equals(".") || part.equals("__MACOSX")) return true;
        }
        return false;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
