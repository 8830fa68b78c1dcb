package dev.imagehub.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks the ZIP of images dropped with a manifest, refusing what could harm the hub: entries that would land
 * outside the target folder, more than {@code maxEntries} files, more than {@code maxBytes} unpacked, and entries that
 * inflate more than {@code maxRatio} times their compressed size (zip bombs). Sizes are counted while inflating, never
 * taken from the ZIP's own headers.
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
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            byte[] buf = new byte[BUFFER];
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName().replace('\\', '/');
                if (e.isDirectory() || skipped(name)) continue;
                Path target = dir.resolve(name).normalize();
                if (name.startsWith("/") || name.contains(":") || !target.startsWith(dir) || target.equals(dir)) {
                    throw new IOException(zipName + ": entry '" + e.getName() + "' would be written outside the batch's folder; "
                            + "entries must be relative paths without '..'");
                }
                if (++entries > maxEntries) {
                    throw new IOException(zipName + ": more than " + maxEntries + " files (hub.batch.zip.maxEntries)");
                }
                Files.createDirectories(target.getParent());
                long written = 0;
                try (OutputStream out = Files.newOutputStream(target)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        written += n;
                        total += n;
                        if (total > maxBytes) {
                            throw new IOException(zipName + ": more than " + maxBytes / 1_000_000 + " MB unpacked (hub.batch.zip.maxMegabytes)");
                        }
                        long compressed = e.getCompressedSize();
                        if (written > RATIO_FLOOR && compressed > 0 && written / compressed > maxRatio) {
                            throw new IOException(String.format(Locale.ROOT, "%s: entry '%s' inflates more than %d times its compressed size "
                                    + "(a zip bomb?); the limit is hub.batch.zip.maxRatio", zipName, e.getName(), maxRatio));
                        }
                        out.write(buf, 0, n);
                    }
                }
                // a streamed entry's compressed size is known only after it was read: check the ratio once more
                long compressed = e.getCompressedSize();
                if (written > RATIO_FLOOR && compressed > 0 && written / compressed > maxRatio) {
                    throw new IOException(String.format(Locale.ROOT, "%s: entry '%s' inflates more than %d times its compressed size "
                            + "(a zip bomb?); the limit is hub.batch.zip.maxRatio", zipName, e.getName(), maxRatio));
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
