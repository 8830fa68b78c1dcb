package dev.imagehub.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

/** With hub.calendar.mailTo set, each exported set is mailed with the day's ZIP; a post whose image is gone mails its failure. */
class CalendarMailIT {
    static final String PASSWORD = "smtp-Secret-7d1a";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hub@hub.test", "hub", PASSWORD))
            .withPerMethodLifecycle(true);

    @TempDir
    Path home;

    @Test
    void theDaySetIsMailedAndAFailedPostIsReported() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/notifications.yaml"), """
                enabled: true
                operations: ops@hub.test
                smtp:
                  host: 127.0.0.1
                  port: %d
                  security: none
                  user: hub
                  passwordEnv: HUB_SMTP_PASSWORD
                  from: image hub <hub@hub.test>
                """.formatted(greenMail.getSmtp().getPort()));
        Files.createDirectories(home.resolve("library"));
        Files.write(home.resolve("library/sunset.jpg"), Images.syntheticJpeg(2000, 1600, 3, 70));
        ZonedDateTime at = ZonedDateTime.now(ZoneId.of("UTC")).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        Files.writeString(home.resolve("config/calendar.csv"), CalendarHubIT.HEADER
                + CalendarHubIT.row(at, "UTC", "facebook", "library/sunset.jpg", "hello", "")
                + CalendarHubIT.row(at, "UTC", "x", "library/gone.jpg", "missing image", ""));
        try (TestHub hub = TestHub.start(home, Map.of("hub.calendar.mailTo", "social@hub.test, boss@other.test"),
                Map.of("HUB_SMTP_PASSWORD", PASSWORD))) {
            // two recipients per mail, one finished and one failed mail
            Await.until(TestHub.TIMEOUT, () -> "4 mails, have " + greenMail.getReceivedMessages().length,
                    () -> greenMail.getReceivedMessages().length == 4);
            // GreenMail keeps one copy per recipient: the two mails each went to both addresses
            Map<String, MimeMessage> byId = new java.util.LinkedHashMap<>();
            for (MimeMessage m : greenMail.getReceivedMessages()) byId.putIfAbsent(m.getMessageID(), m);
            List<MimeMessage> social = List.copyOf(byId.values());
            assertThat(social).hasSize(2);
            for (MimeMessage m : social) assertThat(m.getHeader("To", ",")).contains("social@hub.test").contains("boss@other.test");
            MimeMessage done = social.stream().filter(m -> attachments(m).size() == 1).findFirst().orElseThrow();
            Part zip = attachments(done).get(0);
            assertThat(zip.getFileName()).isEqualTo(at.toLocalDate() + ".zip");
            String stem = CalendarHubIT.stem(at, "sunset");
            assertThat(zipNames(zip)).containsExactly("facebook/" + stem + ".jpg", "facebook/" + stem + ".txt", "report.txt");
            MimeMessage failed = social.stream().filter(m -> m != done).findFirst().orElseThrow();
            assertThat(text(failed)).contains("library/gone.jpg").contains("not found");
            assertThat(CalendarHubIT.exports(hub)).extracting(r -> r.get("image") + " " + r.get("state"))
                    .containsExactlyInAnyOrder("library/sunset.jpg DONE", "library/gone.jpg FAILED");
        }
    }

    static List<Part> attachments(Part p) {
        List<Part> out = new ArrayList<>();
        try {
            if (p.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) p.getContent();
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart b = mp.getBodyPart(i);
                    if (Part.ATTACHMENT.equalsIgnoreCase(b.getDisposition())) out.add(b);
                    else out.addAll(attachments(b));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static String text(Part p) {
        try {
            if (p.isMimeType("text/*")) return String.valueOf(p.getContent());
            StringBuilder sb = new StringBuilder();
            if (p.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) p.getContent();
                for (int i = 0; i < mp.getCount(); i++) sb.append(text(mp.getBodyPart(i)));
            }
            return sb.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> zipNames(Part zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream in = zip.getInputStream(); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) names.add(e.getName());
        } catch (IOException e) {
            throw e;
        }
        return names;
    }
}
