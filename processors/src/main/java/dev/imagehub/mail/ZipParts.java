package dev.imagehub.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Packs result files into self-contained ZIP archives of at most a given size, a file never split across two: each
 * part opens on its own on any phone or desktop, which split ZIP volumes (.z01, .z02, ...) do not. Files are stored,
 * not deflated: images are compressed already, and stored sizes are exact.
 */
final class ZipParts {
    // local header 30 + central header 46 + both names, per entry; end record 22 (no comment, no ZIP64 below 4 GB)
    private static final int ENTRY_OVERHEAD = 30 + 46;
    private static final int END_RECORD = 22;

    private ZipParts() {
    }

    /** Entry sizes in the order given; files are added greedily while the archive stays within {@code maxZipBytes}. */
    static List<List<MailComposer.Attachment>> plan(List<MailComposer.Attachment> files, long maxZipBytes) throws IOException {
        List<List<MailComposer.Attachment>> parts = new ArrayList<>();
        List<MailComposer.Attachment> current = new ArrayList<>();
        long size = END_RECORD;
        for (MailComposer.Attachment a : files) {
            long entry = entrySize(a);
            if (!current.isEmpty() && size + entry > maxZipBytes) {
                parts.add(current);
                current = new ArrayList<>();
                size = END_RECORD;
            }
            current.add(a);
            size += entry;
        }
        if (!current.isEmpty()) parts.add(current);
        return parts;
    }

    /** The size {@code a} adds to an archive. */
    static long entrySize(MailComposer.Attachment a) throws IOException {
        long n = a.file() != null ? Files.size(a.file()) : a.bytes().length;
        return ENTRY_OVERHEAD + 2L * a.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + n;
    }

    /** The archive of {@code files}, names made unique ("photo.jpg", "photo-2.jpg"). */
    static byte[] zip(List<MailComposer.Attachment> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Set<String> used = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(out, java.nio.charset.StandardCharsets.UTF_8)) {
            zip.setMethod(ZipOutputStream.STORED);
            for (MailComposer.Attachment a : files) {
                byte[] data = a.file() != null ? dev.imagehub.files.FileBytes.read(a.file()) : a.bytes();
                CRC32 crc = new CRC32();
                crc.update(data);
                ZipEntry e = new ZipEntry(unique(a.name(), used));
                e.setMethod(ZipEntry.STORED);
                e.setSize(data.length);
                e.setCompressedSize(data.length);
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(data);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int n = 2; !used.add(candidate.toLowerCase(java.util.Locale.ROOT)); n++) {
            candidate = dev.imagehub.intake.SafeNames.candidate(dev.imagehub.intake.SafeNames.stem(name),
                    dev.imagehub.intake.SafeNames.extension(name), n);
        }
        return candidate;
    }
}
