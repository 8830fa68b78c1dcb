package dev.imagehub.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/** A received mail taken apart the way a mail client shows it: text, HTML and attachments, plus its raw bytes. */
public record MailParts(MimeMessage message, String text, String html, List<Attachment> attachments, byte[] raw) {

    record Attachment(String name, String contentType, byte[] bytes) {
    }

    static MailParts of(MimeMessage m) {
        try {
            String[] text = {null, null};
            List<Attachment> atts = new ArrayList<>();
            walk(m, text, atts);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            m.writeTo(raw);
            return new MailParts(m, text[0], text[1], atts, raw.toByteArray());
        } catch (IOException | MessagingException e) {
            throw new AssertionError("cannot read the mail: " + e, e);
        }
    }

    private static void walk(Part p, String[] text, List<Attachment> atts) throws MessagingException, IOException {
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) walk(mp.getBodyPart(i), text, atts);
        } else if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || p.getFileName() != null) {
            atts.add(new Attachment(MimeUtility.decodeText(p.getFileName()), p.getContentType(), p.getInputStream().readAllBytes()));
        } else if (p.isMimeType("text/plain")) {
            text[0] = (String) p.getContent();
        } else if (p.isMimeType("text/html")) {
            text[1] = (String) p.getContent();
        }
    }

    /** The size the sender put on the wire: the received mail without the trace headers the receiving server added. */
    long sentSize() {
        try {
            MimeMessage copy = new MimeMessage(message);
            copy.removeHeader("Received");
            copy.removeHeader("Return-Path");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy.writeTo(out);
            return out.size();
        } catch (IOException | MessagingException e) {
            throw new AssertionError(e);
        }
    }

    String header(String name) {
        try {
            String[] v = message.getHeader(name);
            return v == null ? null : String.join(" ", v);
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    public String subject() {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** Every mail in {@code user}'s INBOX, read over IMAP as a mail client would. */
    public static List<MailParts> imapInbox(int port, String user, String password) {
        Properties props = new Properties();
        props.setProperty("mail.imap.connectiontimeout", "10000");
        props.setProperty("mail.imap.timeout", "10000");
        try {
            Store store = Session.getInstance(props).getStore("imap");
            store.connect("127.0.0.1", port, user, password);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                List<MailParts> out = new ArrayList<>();
                for (Message msg : inbox.getMessages()) out.add(of(new MimeMessage((MimeMessage) msg)));
                inbox.close(false);
                return out;
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            throw new AssertionError("IMAP read failed: " + e, e);
        }
    }
}
