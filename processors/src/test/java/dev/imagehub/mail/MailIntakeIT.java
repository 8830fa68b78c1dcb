package dev.imagehub.mail;

import dev.imagehub.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

/** The mail intake end to end: real mail through GreenMail's SMTP and IMAP into a running hub, replies read back. */
class MailIntakeIT {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hub@localhost", "hub", MailTestKit.PASSWORD)
                    .withUser("small@localhost", "small", MailTestKit.PASSWORD))
            .withPerMethodLifecycle(false);

    @TempDir
    static Path home;
    static TestHub hub;
    static RecordingSender sender;
    static LogCapture log;

    @BeforeAll
    static void start() throws Exception {
        log = new LogCapture(org.apache.logging.log4j.Level.DEBUG);
        TestHub.prepareHome(home);
        // a second mailbox with a small per-mail limit that moves finished mail to a Done folder
        MailTestKit.writeConfig(home, greenMail, """
                  - name: small
                    imap: { host: 127.0.0.1, port: %d, security: none, user: small, passwordEnv: %s, pollSeconds: 0.1 }
                    smtp: { host: 127.0.0.1, port: %d, security: none, from: small@localhost }
                    defaultChain: thumbnails
                    allowedSenders: [example.com]
                    limits: { maxMailMegabytes: 1 }
                    doneFolder: Done
                """.formatted(greenMail.getImap().getPort(), MailTestKit.ENV, greenMail.getSmtp().getPort()));
        hub = TestHub.start(home, Map.of(), MailTestKit.env());
        sender = new RecordingSender(hub.services().smtpReplies());
        hub.services().useReplySender(sender);
    }

    @AfterAll
    static void stop() {
        if (hub != null) hub.close();
        if (log != null) log.close();
    }

    static MimeMessage replyFor(String messageId) throws Exception {
        Await.until(TestHub.TIMEOUT, "a reply to " + messageId, () -> find(messageId) != null);
        return find(messageId);
    }

    static MailReply sentFor(String messageId) {
        Await.until(TestHub.TIMEOUT, "the reply to " + messageId + " recorded", () -> sender.sent.stream().anyMatch(r -> messageId.equals(r.messageId())));
        return sender.sent.stream().filter(r -> messageId.equals(r.messageId())).findFirst().orElseThrow();
    }

    static MimeMessage find(String messageId) {
        try {
            for (MimeMessage m : greenMail.getReceivedMessages()) {
                String[] irt = m.getHeader("In-Reply-To");
                if (irt != null && irt[0].equals(messageId)) return m;
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static BufferedImage image(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void subjectTagRoutesAndTheReplyIsInTheThreadWithTheResults() throws Exception {
        String id = MailTestKit.send(greenMail, "Ann <ann@example.com>", "hub@localhost", "[instagram] holiday",
                MailTestKit.Part.file("sunset.jpg", "image/jpeg", Fixtures.bytes("photo-sunset-1800.jpg")));
        MimeMessage reply = replyFor(id);
        assertThat(reply.getSubject()).isEqualTo("Re: [instagram] holiday");
        assertThat(reply.getHeader("References")[0]).contains(id);
        assertThat(reply.getAllRecipients()[0].toString()).isEqualTo("ann@example.com");
        Map<String, byte[]> files = MailTestKit.attachments(reply);
        assertThat(files).containsOnlyKeys("sunset.jpg");
        BufferedImage img = image(files.get("sunset.jpg"));
        assertThat(img.getWidth() * 5).isEqualTo(img.getHeight() * 4); // the 4:5 portrait crop
        assertThat(files.get("sunset.jpg")[0] & 0xFF).isEqualTo(0xFF); // JPEG SOI
        assertThat(hub.sql("SELECT DISTINCT source, route FROM usage_log WHERE file_name = 'sunset.jpg'"))
                .containsExactly(Map.of("source", "mail", "route", "mail-test"));
        MailReply sent = sentFor(id);
        assertThat(sent.chain()).isEqualTo("instagram");
        // /metrics counts mails read and replies sent per mailbox route
        dev.imagehub.testing.Await.until(TestHub.TIMEOUT, "mail counted in and out", () -> {
            String metrics = hub.services().metrics().scrape();
            return metrics.contains("hub_mail_total{direction=\"in\",route=\"mail-test\"}")
                    && metrics.contains("hub_mail_total{direction=\"out\",route=\"mail-test\"}");
        });
        assertThat(sent.files().get(0).steps()).contains("resize");
        assertThat(sent.files().get(0).outputs().get(0)).startsWith(home.resolve("outbox/mail/test"));
    }

    @Test
    void plusAddressPicksTheChain() throws Exception {
        String id = MailTestKit.send(greenMail, "ann@example.com", "hub+square@localhost", "for the shop",
                MailTestKit.Part.file("wine.jpg", "image/jpeg", Fixtures.bytes("photo-wine-portrait-1800.jpg")));
        BufferedImage img = image(MailTestKit.attachments(replyFor(id)).get("wine.jpg"));
        assertThat(img.getWidth()).isEqualTo(1080);
        assertThat(img.getHeight()).isEqualTo(1080);
    }

    @Test
    void untaggedMailRunsTheDefaultChainAndAHotFolderNameWorksAsATag() throws Exception {
        byte[] truncated = java.util.Arrays.copyOf(Fixtures.bytes("photo-sunset-1800.jpg"), 4000);
        String plain = MailTestKit.send(greenMail, "Carl <carl@friends.test>", "hub@localhost", "no tag here",
                MailTestKit.Part.file("a.jpg", "image/jpeg", Fixtures.bytes("photo-sunset-1800.jpg")),
                MailTestKit.Part.file("damaged.jpg", "image/jpeg", truncated));
        MimeMessage reply = replyFor(plain);
        // the damaged file fails with its reason in the reply; the good one is processed
        FileReport failed = sentFor(plain).files().get(1);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.reason()).contains("truncated");
        assertThat(MailTestKit.text(reply)).contains("damaged.jpg: FAILED").contains(failed.reason());
        Path failedDir = sentFor(plain).files().get(0).outputs().get(0).getParent().resolve("failed");
        assertThat(failedDir.resolve("damaged.jpg")).hasBinaryContent(truncated);
        assertThat(failedDir.resolve("damaged.jpg.error.json")).content().contains("truncated");
        BufferedImage thumb = image(MailTestKit.attachments(reply).get("a.jpg"));
        assertThat(thumb.getWidth()).isEqualTo(400);
        assertThat(thumb.getHeight()).isEqualTo(400);
        String folder = MailTestKit.send(greenMail, "ann@example.com", "hub@localhost", "[web]",
                MailTestKit.Part.file("b.jpg", "image/jpeg", Fixtures.bytes("photo-sunset-1800.jpg")));
        assertThat(image(MailTestKit.attachments(replyFor(folder)).get("b.jpg")).getWidth()).isEqualTo(1600);
    }

    @Test
    void anUnknownTagIsAnsweredWithTheChainsThatExist() throws Exception {
        String id = MailTestKit.send(greenMail, "ann@example.com", "hub@localhost", "[instagrm] oops",
                MailTestKit.Part.file("c.jpg", "image/jpeg", Fixtures.bytes("photo-sunset-1800.jpg")));
        MimeMessage reply = replyFor(id);
        assertThat(MailTestKit.attachments(reply)).isEmpty();
        assertThat(MailTestKit.text(reply)).contains("did not recognise the tag \"instagrm\"").contains("- instagram");
        assertThat(hub.sql("SELECT COUNT(*) AS n FROM usage_log WHERE file_name = 'c.jpg'")).containsExactly(Map.of("n", 0L));
    }

    @Test
    void aStrangersMailIsIgnoredWithoutProcessing() throws Exception {
        String stranger = MailTestKit.send(greenMail, "Mallory <mallory@evil.test>", "hub@localhost", "[instagram] free stuff",
                MailTestKit.Part.file("stranger.jpg", "image/jpeg", Fixtures.bytes("photo-sunset-1800.jpg")));
        // a later mail is answered, so the stranger's (older) mail has been seen by then
        String later = MailTestKit.send(greenMail, "ann@example.com", "hub@localhost", "[thumbnails] after the stranger",
                MailTestKit.Part.file("after.jpg", "image/jpeg", Fixtures.bytes("photo-sunset-1800.jpg")));
        replyFor(later);
        Await.until(TestHub.TIMEOUT, "the stranger's mail recorded as ignored",
                () -> !hub.sql("SELECT state FROM mail_message WHERE sender = 'mallory@evil.test'").isEmpty());
        assertThat(hub.sql("SELECT state FROM mail_message WHERE sender = 'mallory@evil.test'")).containsExactly(Map.of("state", "IGNORED"));
        assertThat(find(stranger)).isNull();
        assertThat(MailTestKit.repliesTo(greenMail, "mallory@evil.test")).isEmpty();
        assertThat(hub.sql("SELECT COUNT(*) AS n FROM usage_log WHERE file_name = 'stranger.jpg'")).containsExactly(Map.of("n", 0L));
        assertThat(log.text()).contains("ignored a mail from mallory@evil.test");
    }

    @Test
    void limitsNonImagesDuplicateAndHostileNames() throws Exception {
        byte[] photo = Fixtures.bytes("portrait-astronaut-512.jpg");
        String longName = "x".repeat(300) + ".jpg";
        String id = MailTestKit.send(greenMail, "ann@example.com", "hub@localhost", "[thumbnails] many",
                MailTestKit.Part.file("photo.jpg", "image/jpeg", photo),
                MailTestKit.Part.file("photo.jpg", "image/jpeg", photo),
                MailTestKit.Part.file("../../../etc/passwd.jpg", "image/jpeg", photo),
                MailTestKit.Part.file("..\\..\\win\u0001\u0007.jpg", "image/jpeg", photo),
                MailTestKit.Part.file(longName, "image/jpeg", photo),
                MailTestKit.Part.file("notes.pdf", "application/pdf", "%PDF-1.4 not an image".getBytes()),
                MailTestKit.Part.file("big.png", "image/png", new byte[1_300_000]),
                new MailTestKit.Part(null, "image/jpeg", photo, true),
                MailTestKit.Part.file("seventh.jpg", "image/jpeg", photo));
        MimeMessage reply = replyFor(id);
        MailReply sent = sentFor(id);
        // six images taken (the inline one counts), the seventh over maxAttachments, big.png over 1 MB, the PDF skipped
        assertThat(sent.files()).hasSize(6).allMatch(FileReport::ok);
        assertThat(sent.notes()).anySatisfy(n -> assertThat(n).contains("notes.pdf").contains("not an image"))
                .anySatisfy(n -> assertThat(n).contains("big.png").contains("limits.maxAttachmentMegabytes"))
                .anySatisfy(n -> assertThat(n).contains("seventh.jpg").contains("limits.maxAttachments"));
        Path mailOut = home.resolve("outbox/mail/test").toRealPath();
        for (FileReport f : sent.files()) {
            Path out = f.outputs().get(0);
            assertThat(out.toRealPath()).startsWith(mailOut);
            assertThat(out.getFileName().toString()).doesNotContain("..").doesNotContain("\\").doesNotContain("\u0001");
            assertThat(out.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(160);
            assertThat(image(Files.readAllBytes(out)).getWidth()).isEqualTo(400);
        }
        assertThat(sent.files().stream().map(f -> f.outputs().get(0).getFileName().toString()).distinct()).hasSize(6);
        assertThat(MailTestKit.attachments(reply)).hasSize(6);
        assertThat(home.resolve("etc")).doesNotExist();
        assertThat(home.getParent().resolve("etc/passwd.jpg")).doesNotExist();
    }

    @Test
    void aMalformedMailIsQuarantinedAndTheNextGoodOneIsProcessed() throws Exception {
        MailTestKit.deliverRaw(greenMail, """
                From: ann@example.com\r
                To: hub@localhost\r
                Subject: broken base64\r
                Message-ID: <broken-1@example.com>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="b1"\r
                \r
                --b1\r
                Content-Type: text/plain\r
                \r
                hello\r
                --b1\r
                Content-Type: image/jpeg; name="bad.jpg"\r
                Content-Disposition: attachment; filename="bad.jpg"\r
                Content-Transfer-Encoding: base64\r
                \r
                AAAAA\r
                --b1--\r
                """);
        MailTestKit.deliverRaw(greenMail, """
                To: hub@localhost\r
                Subject: no sender\r
                Message-ID: <nofrom-1@example.com>\r
                Content-Type: text/plain\r
                \r
                who sent this?\r
                """);
        String good = MailTestKit.send(greenMail, "ann@example.com", "hub@localhost", "[thumbnails] after the broken ones",
                MailTestKit.Part.file("good.jpg", "image/jpeg", Fixtures.bytes("photo-sunset-1800.jpg")));
        assertThat(image(MailTestKit.attachments(replyFor(good)).get("good.jpg")).getWidth()).isEqualTo(400);
        Await.until(TestHub.TIMEOUT, "both broken mails quarantined", () -> hub.sql(
                "SELECT message_id FROM mail_message WHERE state = 'QUARANTINED'").size() == 2);
        assertThat(find("<broken-1@example.com>")).isNull();
        Store store = greenMail.getImap().createStore();
        store.connect("hub", MailTestKit.PASSWORD);
        Folder q = store.getFolder("Quarantine");
        q.open(Folder.READ_ONLY);
        assertThat(List.of(q.getMessages()).stream().map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList()).contains("broken base64", "no sender");
        store.close();
    }

    @Test
    void aMailOverTheMailLimitIsAnsweredWithoutDownloadingAndFinishedMailMovesToTheDoneFolder() throws Exception {
        byte[] big = new byte[1_400_000];
        new java.util.Random(7).nextBytes(big);
        String id = MailTestKit.sendTo(greenMail, "small@localhost", "ann@example.com", "small@localhost", "too big",
                MailTestKit.Part.file("huge.png", "image/png", big));
        MimeMessage reply = replyFor(id);
        assertThat(MailTestKit.attachments(reply)).isEmpty();
        assertThat(MailTestKit.text(reply)).contains("this mailbox takes mails up to 1 MB (limits.maxMailMegabytes)");
        assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job WHERE file_name = 'huge.png'")).containsExactly(Map.of("n", 0L));
        Store store = greenMail.getImap().createStore();
        store.connect("small", MailTestKit.PASSWORD);
        try {
            Await.until(TestHub.TIMEOUT, "the mail in Done", () -> {
                try {
                    Folder done = store.getFolder("Done");
                    if (!done.exists()) return false;
                    done.open(Folder.READ_ONLY);
                    try {
                        return done.getMessageCount() == 1 && "too big".equals(done.getMessage(1).getSubject());
                    } finally {
                        done.close(false);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // what stays in the inbox is flagged deleted (moved) and read: it is never taken again
            Await.until(TestHub.TIMEOUT, "the original flagged read and deleted", () -> {
                try {
                    // GreenMail may drop this reader's connection while the hub expunges: connect again and look again
                    if (!store.isConnected()) store.connect("small", MailTestKit.PASSWORD);
                    Folder inbox = store.getFolder("INBOX");
                    inbox.open(Folder.READ_ONLY);
                    try {
                        for (jakarta.mail.Message m : inbox.getMessages()) {
                            if (!m.isSet(Flags.Flag.SEEN) || !m.isSet(Flags.Flag.DELETED)) return false;
                        }
                        return true;
                    } finally {
                        if (inbox.isOpen()) inbox.close(false);
                    }
                } catch (jakarta.mail.FolderClosedException | jakarta.mail.StoreClosedException dropped) {
                    return false;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            store.close();
        }
    }

    @Test
    void passwordsNeverReachTheLog() {
        // GreenMail's own server log shows the LOGIN it received; everything the hub and Camel log must not
        String hubLog = String.join("\n", log.text().lines().filter(l -> !l.contains(" com.icegreen.")).toList());
        assertThat(hubLog).contains("mail-test").contains("imap://127.0.0.1").doesNotContain(MailTestKit.PASSWORD);
    }
}
