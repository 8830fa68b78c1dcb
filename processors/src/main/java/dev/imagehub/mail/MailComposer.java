package dev.imagehub.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import dev.imagehub.intake.SafeNames;

/**
 * Builds the MIME messages the hub sends: multipart/mixed holding a text/HTML alternative and the attachments, all
 * base64 so that a message's size is known before it is sent ({@link #size}).
 */
public final class MailComposer {
    // the session only builds messages; the transport sends them with its own
    private static final Session SESSION = Session.getInstance(new Properties());

    /** One attached file: from disk or from memory (a ZIP part), with the name the recipient sees. */
    public record Attachment(String name, Path file, byte[] bytes, String mimeType) {
        public static Attachment of(Path file, String name) {
            return new Attachment(name, file, null, MailComposer.mimeType(name));
        }

        public static Attachment of(String name, byte[] bytes, String mimeType) {
            return new Attachment(name, null, bytes, mimeType);
        }
    }

    private MailComposer() {
    }

    /**
     * A message from {@code from} to {@code to} with {@code body}, extra headers (In-Reply-To, References, ...) and
     * the attachments.
     */
    public static MimeMessage compose(String from, List<String> to, MailTemplates.Rendered body, Map<String, String> headers,
                                      List<Attachment> attachments) throws MessagingException {
        MimeMessage m = new MimeMessage(SESSION);
        m.setFrom(new InternetAddress(from));
        for (String t : to) m.addRecipient(MimeMessage.RecipientType.TO, new InternetAddress(t));
        m.setSubject(body.subject(), "UTF-8");
        m.setSentDate(new java.util.Date());
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getValue() != null && !h.getValue().isBlank()) m.setHeader(h.getKey(), h.getValue().replaceAll("[\\r\\n]+", " "));
        }
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart(body.text(), "plain"));
        alternative.addBodyPart(textPart(body.html(), "html"));
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart alt = new MimeBodyPart();
        alt.setContent(alternative);
        mixed.addBodyPart(alt);
        for (Attachment a : attachments) {
            MimeBodyPart p = new MimeBodyPart();
            if (a.file() != null) {
                p.setDataHandler(new DataHandler(new jakarta.activation.FileDataSource(a.file().toFile()) {
                    @Override
                    public String getContentType() {
                        return a.mimeType();
                    }
                }));
            } else {
                p.setDataHandler(new DataHandler(new ByteArrayDataSource(a.bytes(), a.mimeType())));
            }
            p.setFileName(safeName(a.name()));
            p.setDisposition(MimeBodyPart.ATTACHMENT);
            p.setHeader("Content-Transfer-Encoding", "base64");
            mixed.addBodyPart(p);
        }
        m.setContent(mixed);
        m.saveChanges();
        return m;
    }

    private static MimeBodyPart textPart(String text, String subtype) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setText(text, "UTF-8", subtype);
        // base64 keeps lines short whatever the text holds, and makes the size predictable
        p.setHeader("Content-Transfer-Encoding", "base64");
        return p;
    }

    /** The exact size of {@code message} on the wire, in bytes. */
    public static long size(MimeMessage message) {
        long[] n = {0};
        try {
            message.writeTo(new OutputStream() {
                @Override public void write(int b) { n[0]++; }
                @Override public void write(byte[] b, int off, int len) { n[0] += len; }
            });
        } catch (IOException | MessagingException e) {
            throw new UncheckedIOException(new IOException("measuring a mail failed: " + e.getMessage(), e));
        }
        return n[0];
    }

    /** A file name safe in any mail client and file system: no path parts, control characters or leading dots. */
    public static String safeName(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        String ext = SafeNames.extension(base).replaceAll("[^A-Za-z0-9]", "");
        if (ext.length() > 10) ext = "";
        String stem = SafeNames.safeStem(ext.isEmpty() ? base : SafeNames.stem(base));
        return ext.isEmpty() ? stem : stem + "." + ext;
    }

    /** The MIME type of a result file, from its extension. */
    public static String mimeType(String name) {
        return switch (SafeNames.extension(name).toLowerCase(Locale.ROOT)) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            case "avif" -> "image/avif";
            case "gif" -> "image/gif";
            case "tif", "tiff" -> "image/tiff";
            case "bmp" -> "image/bmp";
            case "zip" -> "application/zip";
            case "csv" -> "text/csv; charset=UTF-8";
            case "json" -> "application/json";
            case "txt" -> "text/plain; charset=UTF-8";
            case "mp4" -> "video/mp4";
            case "glb" -> "model/gltf-binary";
            default -> "application/octet-stream";
        };
    }
}
