package dev.imagehub.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;

import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/** Mail test helpers: a mailbox config pointing at GreenMail, sending real mail to the hub, reading its replies. */
final class MailTestKit {
    static final String PASSWORD = "s3cret-Imap-pw-7f2c";
    static final String ENV = "HUB_MAIL_TEST_PASSWORD";

    private MailTestKit() {
    }

    static void writeConfig(Path home, GreenMailExtension gm, String extra) throws IOException {
        Files.writeString(home.resolve("config/mailboxes.yaml"), """
                mailboxes:
                  - name: test
                    imap: { host: 127.0.0.1, port: %d, security: none, user: hub, passwordEnv: %s, pollSeconds: 0.1 }
                    smtp: { host: 127.0.0.1, port: %d, security: none, from: hub@localhost }
                    defaultChain: thumbnails
                    allowedSenders: [ann@example.com, "@friends.test"]
                    limits: { maxAttachments: 6, maxAttachmentMegabytes: 1, maxMailMegabytes: 20 }
                %s""".formatted(gm.getImap().getPort(), ENV, gm.getSmtp().getPort(), extra));
    }

    static Map<String, String> env() {
        return Map.of(ENV, PASSWORD);
    }

    /** An attachment to send. */
    record Part(String name, String type, byte[] bytes, boolean inline) {
        static Part file(String name, String type, byte[] bytes) {
            return new Part(name, type, bytes, false);
        }
    }

    /** Sends a mail over SMTP to the hub's mailbox ({@code hub@localhost}); {@code to} is what the header says. */
    static String send(GreenMailExtension gm, String from, String to, String subject, Part... parts) throws Exception {
        return sendTo(gm, "hub@localhost", from, to, subject, parts);
    }

    /** As {@link #send}, delivered to the mailbox of {@code envelope}. */
    static String sendTo(GreenMailExtension gm, String envelope, String from, String to, String subject, Part... parts) throws Exception {
        Session s = session(gm);
        // a fixed Message-ID: Transport.send would otherwise give the mail a new one
        MimeMessage m = new MimeMessage(s) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                if (getHeader("Message-ID") == null) super.updateMessageID();
            }
        };
        m.setHeader("Message-ID", "<" + java.util.UUID.randomUUID() + "@test.example>");
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("please process these", "UTF-8");
        mp.addBodyPart(text);
        for (Part p : parts) {
            MimeBodyPart a = new MimeBodyPart();
            a.setDataHandler(new DataHandler(new ByteArrayDataSource(p.bytes(), p.type())));
            if (p.name() != null) a.setFileName(p.name());
            a.setDisposition(p.inline() ? MimeBodyPart.INLINE : MimeBodyPart.ATTACHMENT);
            mp.addBodyPart(a);
        }
        m.setContent(mp);
        m.saveChanges();
        String id = m.getMessageID();
        // the envelope goes to the mailbox itself, as a server maps hub+tag@ to hub@
        Transport.send(m, new Address[] {new InternetAddress(envelope)});
        return id;
    }

    /** Delivers raw RFC 822 text straight into the hub's mailbox (for mail no client would produce). */
    static void deliverRaw(GreenMailExtension gm, String raw) throws Exception {
        MimeMessage m = new MimeMessage(session(gm), new ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        gm.getUserManager().getUserByEmail("hub@localhost").deliver(m);
    }

    static Session session(GreenMailExtension gm) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(gm.getSmtp().getPort()));
        return Session.getInstance(p);
    }

    /** Replies the hub sent to {@code address} (received by GreenMail). */
    static List<MimeMessage> repliesTo(GreenMailExtension gm, String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : gm.getReceivedMessages()) {
            Address[] to = m.getRecipients(Message.RecipientType.TO);
            if (to != null && to.length > 0 && ((InternetAddress) to[0]).getAddress().equalsIgnoreCase(address)
                    && "hub@localhost".equals(((InternetAddress) m.getFrom()[0]).getAddress())) {
                out.add(m);
            }
        }
        return out;
    }

    /** The plain-text body of a reply. */
    static String text(MimeMessage m) throws Exception {
        StringBuilder out = new StringBuilder();
        walk(m, (part, name) -> {
            if (name == null && part.isMimeType("text/plain")) out.append(part.getContent());
        });
        return out.toString();
    }

    /** The attachments of a reply: file name to bytes. */
    static Map<String, byte[]> attachments(MimeMessage m) throws Exception {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        walk(m, (part, name) -> {
            if (name != null) out.put(name, part.getInputStream().readAllBytes());
        });
        return out;
    }

    interface PartVisitor {
        void visit(jakarta.mail.Part part, String fileName) throws Exception;
    }

    static void walk(jakarta.mail.Part part, PartVisitor v) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) walk(mp.getBodyPart(i), v);
        } else {
            v.visit(part, part.getFileName());
        }
    }
}
