package dev.imagehub.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import dev.imagehub.testing.Fixtures;

/** Replies through a real SMTP server (GreenMail on loopback), read back over IMAP as the sender's mail client would. */
class SmtpReplySenderIT {
    static final String PASSWORD = "smtp-Secret-7f3a9c";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
            new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), new ServerSetup(3143, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hub@hub.test", "hub", PASSWORD)
                    .withUser("alice@example.test", "alice", "alice-pw"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path home;
    MailTransport transport;

    @BeforeEach
    void transport() {
        transport = new MailTransport(Map.of("HUB_SMTP_PASSWORD", PASSWORD)::get, dev.imagehub.testing.TestCamel.context());
    }

    @AfterEach
    void close() {
        transport.close();
    }

    static MailTemplates templates() {
        return MailTemplates.load(Path.of(System.getProperty("test.hub.source", "..")).resolve("templates/mail"));
    }

    SmtpSettings smtp(long max) {
        return new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), "none", "hub", "HUB_SMTP_PASSWORD", "hub@hub.test", max);
    }

    SmtpReplySender sender(SmtpReplySender.LargeResults large) {
        return new SmtpReplySender(transport, templates(), large, home);
    }

    Path result(String fixture, String name) throws IOException {
        Path dir = home.resolve("outbox/mail");
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), Fixtures.bytes(fixture));
    }

    static FileReport ok(String name, Path out) throws IOException {
        return new FileReport(name, List.of(out), "autoOrient, resize, compress", 1_234_567, Files.size(out),
                new BigDecimal("0.0125"), 1530, null, null);
    }

    MailReply reply(SmtpSettings smtp, String subject, List<FileReport> files, List<String> notes) {
        return new MailReply("photos", smtp, "alice@example.test", subject, "<orig-42@example.test>",
                List.of("<root-1@example.test>", "<orig-42@example.test>"), "web", "", files, notes);
    }

    List<MailParts> inbox(int count) {
        assertThat(greenMail.waitForIncomingEmail(30_000, count)).as("%d mail(s) arrive", count).isTrue();
        return MailParts.imapInbox(greenMail.getImap().getPort(), "alice", "alice-pw");
    }

    @Test
    void replyCarriesThreadingSummaryReasonAndOpenableResults() throws Exception {
        Path sunset = result("photo-sunset-1800.jpg", "sunset.jpg");
        Path anemone = result("alpha-tuxpaint-anemone.png", "anemone.png");
        FileReport broken = new FileReport("broken <&> \"x\".jpg", List.of(), "autoOrient, resize, compress", 5000, 0,
                BigDecimal.ZERO, 12, "probe", "the JPEG file is truncated: its image data stops before the end marker");
        sender(SmtpReplySender.LargeResults.ZIP).send(reply(smtp(20_000_000), "[web] holiday",
                List.of(ok("sunset.jpg", sunset), ok("anemone.png", anemone), broken), List.of("notes.pdf is not an image and was skipped.")));

        List<MailParts> mails = inbox(1);
        assertThat(mails).hasSize(1);
        MailParts m = mails.get(0);
        assertThat(m.subject()).isEqualTo("Re: [web] holiday");
        assertThat(m.header("In-Reply-To")).isEqualTo("<orig-42@example.test>");
        assertThat(m.header("References")).isEqualTo("<root-1@example.test> <orig-42@example.test>");
        assertThat(m.message().getFrom()[0].toString()).isEqualTo("hub@hub.test");

        assertThat(m.attachments()).extracting(MailParts.Attachment::name).containsExactly("sunset.jpg", "anemone.png");
        assertThat(m.attachments().get(0).contentType()).startsWith("image/jpeg");
        assertThat(m.attachments().get(1).contentType()).startsWith("image/png");
        assertImage(m.attachments().get(0).bytes(), "JPEG", dimensions("photo-sunset-1800.jpg"));
        assertImage(m.attachments().get(1).bytes(), "png", dimensions("alpha-tuxpaint-anemone.png"));
        assertThat(m.attachments().get(0).bytes()).isEqualTo(Files.readAllBytes(sunset));

        String size = SmtpReplySender.size(Files.size(sunset));
        assertThat(m.text()).contains("sunset.jpg: done (autoOrient, resize, compress); 1.2 MB -> " + size + ", cost $0.0125, 1.5 s")
                .contains("broken <&> \"x\".jpg: FAILED at step \"probe\": the JPEG file is truncated: its image data stops before the end marker")
                .contains("2 file(s) done, 1 failed").contains("notes.pdf is not an image and was skipped.");
        assertThat(m.html()).contains("<td>sunset.jpg</td>").contains("1.2 MB &rarr; " + size)
                .contains("broken &lt;&amp;&gt; &quot;x&quot;.jpg").doesNotContain("broken <&>")
                .contains("the JPEG file is truncated: its image data stops before the end marker");
    }

    @Test
    void anExistingRePrefixIsNotDoubled() throws Exception {
        Path sunset = result("photo-sunset-1800.jpg", "sunset.jpg");
        sender(SmtpReplySender.LargeResults.ZIP).send(reply(smtp(20_000_000), "RE: [web] again", List.of(ok("sunset.jpg", sunset)), List.of()));
        assertThat(inbox(1).get(0).subject()).isEqualTo("RE: [web] again");
    }

    static final List<String> MANY = List.of("photo-sunset-1800.jpg", "photo-wine-portrait-1800.jpg", "photo-iphone-p3-1000.jpg",
            "orient6-picos-800.jpg", "photo-camera-exif-1200.jpg", "portrait-astronaut-512.jpg", "adobergb-sunset-600.jpg");

    List<FileReport> many() throws IOException {
        List<FileReport> files = new ArrayList<>();
        for (String f : MANY) files.add(ok(f, result(f, f)));
        // larger than any part can hold: it stays in the outbox and is listed
        files.add(ok("anemone.png", result("alpha-tuxpaint-anemone.png", "anemone.png")));
        return files;
    }

    @Test
    void oversizedResultsGoAsZipPartsEachWithinTheLimit() throws Exception {
        long limit = 400_000;
        sender(SmtpReplySender.LargeResults.ZIP).send(reply(smtp(limit), "[web] big batch", many(), List.of()));
        assertThat(greenMail.waitForIncomingEmail(30_000, 3)).isTrue();
        List<MailParts> mails = MailParts.imapInbox(greenMail.getImap().getPort(), "alice", "alice-pw");
        int n = mails.size();
        assertThat(n).isBetween(3, MANY.size());

        Map<String, byte[]> unzipped = new HashMap<>();
        for (int i = 0; i < n; i++) {
            MailParts m = mails.get(i);
            assertThat(m.sentSize()).as("part %d on the wire", i + 1).isLessThanOrEqualTo(limit);
            assertThat(m.subject()).isEqualTo("Re: [web] big batch (part " + (i + 1) + " of " + n + ")");
            assertThat(m.header("In-Reply-To")).isEqualTo("<orig-42@example.test>");
            assertThat(m.attachments()).hasSize(1);
            assertThat(m.attachments().get(0).name()).isEqualTo("web-results-part" + (i + 1) + "of" + n + ".zip");
            assertThat(m.attachments().get(0).contentType()).startsWith("application/zip");
            assertThat(m.text()).contains("part " + (i + 1) + " of " + n).contains("outbox/mail/anemone.png");
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(m.attachments().get(0).bytes()))) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    assertThat(unzipped.put(e.getName(), zip.readAllBytes())).as("%s in one part only", e.getName()).isNull();
                }
            }
        }
        assertThat(unzipped.keySet()).containsExactlyInAnyOrderElementsOf(MANY);
        for (String f : MANY) assertThat(Arrays.equals(unzipped.get(f), Fixtures.bytes(f))).as(f).isTrue();
    }

    @Test
    void listModeLeavesLargeResultsInTheOutboxAndListsThem() throws Exception {
        sender(SmtpReplySender.LargeResults.LIST).send(reply(smtp(400_000), "[web] big batch", many(), List.of()));
        List<MailParts> mails = inbox(1);
        assertThat(mails).hasSize(1);
        MailParts m = mails.get(0);
        assertThat(m.subject()).isEqualTo("Re: [web] big batch");
        assertThat(m.attachments()).isEmpty();
        for (String f : MANY) {
            assertThat(m.text()).contains("  - outbox/mail/" + f);
            assertThat(m.html()).contains("<code>outbox/mail/" + f + "</code>");
        }
        assertThat(m.text()).contains("too large to send by mail");
    }

    @Test
    void refusalAndHelpAnswerInTheThreadWithoutProcessingAnything() throws Exception {
        SmtpReplySender s = sender(SmtpReplySender.LargeResults.ZIP);
        s.sendRefusal(smtp(1_000_000), "photos", "alice@example.test", "[web] from a stranger", "<s1@example.test>", List.of());
        Map<String, String> chains = new java.util.LinkedHashMap<>();
        chains.put("web", "fitted inside 1600x1600, JPEG q82");
        chains.put("edit", "");
        s.sendHelp(smtp(1_000_000), "photos", "alice@example.test", "[wbe] typo", "<s2@example.test>", List.of("<s0@example.test>"), "wbe", chains);
        List<MailParts> mails = inbox(2);
        assertThat(mails).extracting(MailParts::subject).containsExactly("Re: [web] from a stranger", "Re: [wbe] typo");
        assertThat(mails.get(0).header("In-Reply-To")).isEqualTo("<s1@example.test>");
        assertThat(mails.get(0).text()).contains("alice@example.test is not one of them").contains("nothing was done");
        assertThat(mails.get(0).attachments()).isEmpty();
        assertThat(mails.get(1).header("References")).isEqualTo("<s0@example.test> <s2@example.test>");
        assertThat(mails.get(1).text()).contains("the tag \"wbe\"").contains("  - web: fitted inside 1600x1600, JPEG q82")
                .contains("  - edit\n").contains("\"[web] holiday photos\"");
        assertThat(mails.get(1).html()).contains("<li><b>web</b>: fitted inside 1600x1600, JPEG q82</li>").contains("<li><b>edit</b></li>");
    }

    @Test
    void aRefusedLoginNamesTheServerAndVariableButNotThePassword() {
        MailTransport wrong = new MailTransport(Map.of("HUB_SMTP_PASSWORD", "not-the-" + PASSWORD)::get, dev.imagehub.testing.TestCamel.context());
        try {
            SmtpReplySender s = new SmtpReplySender(wrong, templates(), SmtpReplySender.LargeResults.ZIP, home);
            assertThatThrownBy(() -> s.send(reply(smtp(1_000_000), "[web] x", List.of(), List.of())))
                    .isInstanceOf(MailSendException.class)
                    .hasMessageContaining("127.0.0.1:" + greenMail.getSmtp().getPort())
                    .hasMessageContaining("HUB_SMTP_PASSWORD")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        } finally {
            wrong.close();
        }
    }

    static int[] dimensions(String fixture) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Fixtures.bytes(fixture)));
        return new int[] {img.getWidth(), img.getHeight()};
    }

    static void assertImage(byte[] bytes, String format, int[] dims) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            assertThat(r.getFormatName()).isEqualToIgnoringCase(format);
            r.setInput(in);
            assertThat(new int[] {r.getWidth(0), r.getHeight(0)}).containsExactly(dims);
            assertThat(r.read(0)).isNotNull();
            r.dispose();
        }
    }
}
