package dev.imagehub.mail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;

/**
 * Finds the attachments of a mail from its structure alone (over IMAP: the server's BODYSTRUCTURE), without
 * downloading any content, so limits are checked before a byte of an attachment is fetched. Inline images count as
 * attachments; text and HTML bodies do not.
 */
public final class MailAttachments {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "jpe", "png", "webp", "gif", "bmp", "tif", "tiff",
            "avif", "heic", "heif");

    /**
     * One attachment.
     *
     * @param part        the MIME part, read only when the attachment is taken
     * @param name        the file name as sent (decoded), or a made-up one for nameless inline images
     * @param contentType the MIME type, lower case, without parameters
     * @param size        its decoded size in bytes as announced by the structure (an estimate for base64), -1 if unknown
     * @param image       whether it is meant as an image (by type or by extension)
     */
    public record Attachment(Part part, String name, String contentType, long size, boolean image) {
    }

    private MailAttachments() {
    }

    /** Every attachment of {@code message}, in order; a broken structure throws (the mail is then quarantined). */
    public static List<Attachment> of(Part message) throws MessagingException, IOException {
        List<Attachment> out = new ArrayList<>();
        walk(message, out, 0);
        return out;
    }

    private static void walk(Part part, List<Attachment> out, int depth) throws MessagingException, IOException {
        if (depth > 20) throw new MessagingException("the mail nests more than 20 levels of MIME parts");
        String type = baseType(part);
        if (type.startsWith("multipart/")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart mp)) throw new MessagingException("a " + type + " part has no parts (missing boundary?)");
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                walk(child, out, depth + 1);
            }
            return;
        }
        String name = fileName(part);
        String disposition = part.getDisposition() == null ? "" : part.getDisposition().toLowerCase(Locale.ROOT);
        boolean image = type.startsWith("image/") || IMAGE_EXTENSIONS.contains(extension(name));
        boolean attached = name != null || disposition.equals(Part.ATTACHMENT) || image;
        // the mail's own text and HTML bodies (and nameless inline parts of other kinds) are not attachments
        if (!attached || (depth == 0 && !image && name == null)) return;
        if (name == null) name = "inline-" + (out.size() + 1) + "." + (image ? type.substring("image/".length()) : "bin");
        out.add(new Attachment(part, name, type, decodedSize(part), image));
    }

    private static String baseType(Part part) throws MessagingException {
        String raw = part.getContentType();
        if (raw == null) return "text/plain";
        try {
            return new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
        } catch (jakarta.mail.internet.ParseException e) {
            return "application/octet-stream";
        }
    }

    private static String fileName(Part part) throws MessagingException {
        String name = part.getFileName();
        if (name == null || name.isBlank()) return null;
        try {
            return MimeUtility.decodeText(name);
        } catch (java.io.UnsupportedEncodingException e) {
            return name;
        }
    }

    private static long decodedSize(Part part) throws MessagingException {
        int size = part.getSize();
        if (size < 0) return -1;
        String encoding = part instanceof jakarta.mail.internet.MimePart mp && mp.getEncoding() != null
                ? mp.getEncoding().toLowerCase(Locale.ROOT) : "";
        // base64 carries 3 bytes in every 4 characters (plus line breaks); the estimate errs on the large side
        return encoding.equals("base64") ? size * 3L / 4 : size;
    }

    static String extension(String name) {
        if (name == null) return "";
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
