package dev.imagehub.mail;

import dev.imagehub.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

/**
 * A real hub whose hot folder keeps failing: one alert per burst to the operations address, a recovery note when it
 * works again; and neither the SMTP password nor the WaveSpeed key in any log line or any sent mail.
 */
class NotificationsHubIT {
    static final String PASSWORD = "smtp-Secret-b81d2e";
    static final String API_KEY = "ws-live-key-5c0ffee0ddba11";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
            new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), new ServerSetup(3143, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hub@hub.test", "hub", PASSWORD)
                    .withUser("ops@hub.test", "ops", "ops-pw").withUser("alice@example.test", "alice", "alice-pw"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path home;

    void configure(int threshold) throws Exception {
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
                routeFailing:
                  threshold: %d
                  window: 10m
                """.formatted(greenMail.getSmtp().getPort(), threshold));
    }

    static Map<String, String> environment() {
        // the key makes the hub build its real WaveSpeed client; its endpoint is a closed loopback port, and no AI chain runs
        return Map.of("HUB_SMTP_PASSWORD", PASSWORD, "WAVESPEED_API_KEY", API_KEY, "WAVESPEED_BASE_URL", "http://127.0.0.1:9");
    }

    long failedSidecars(TestHub hub) {
        if (!Files.isDirectory(hub.failed("web"))) return 0;
        try (Stream<Path> s = Files.list(hub.failed("web"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".error.json")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    List<MailParts> ops() {
        return MailParts.imapInbox(greenMail.getImap().getPort(), "ops", "ops-pw");
    }

    @Test
    void oneAlertPerBurstAndARecoveryNoteWithoutSecretsAnywhere() throws Exception {
        configure(3);
        byte[] corrupt = "this is a text file, not a photo\n".getBytes(StandardCharsets.UTF_8);
        String logs;
        try (LogCapture capture = new LogCapture(Level.DEBUG); TestHub hub = TestHub.start(home, Map.of("hub.workers", "1"), environment())) {
            for (int i = 1; i <= 5; i++) hub.drop("web", "broken-" + i + ".jpg", corrupt);
            Await.until(TestHub.TIMEOUT, "5 failures", () -> failedSidecars(hub) == 5);
            assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();

            hub.drop("web", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            // the notifier sends in order on one thread: once the recovery note is in, nothing of the burst is still queued
            assertThat(greenMail.waitForIncomingEmail(30_000, 2)).isTrue();
            List<MailParts> mails = ops();
            assertThat(mails).extracting(MailParts::subject).containsExactly(
                    "[image hub] route hotfolder-web is failing (3 failures in a row)",
                    "[image hub] route hotfolder-web works again");
            assertThat(mails.get(0).text()).contains("has failed 3 times in a row")
                    // the file consumer does not promise pick-up order, so the third failure is any one of the five
                    .containsPattern("Last reason: broken-[1-5]\\.jpg")
                    .contains("the file contains text, not image data");
            assertThat(mails.get(1).text()).contains("after 5 failures in a row");

            // a second burst is a second alert
            for (int i = 6; i <= 8; i++) hub.drop("web", "broken-" + i + ".jpg", corrupt);
            assertThat(greenMail.waitForIncomingEmail(30_000, 3)).isTrue();
            Await.until(TestHub.TIMEOUT, "8 failures", () -> failedSidecars(hub) == 8);

            // a reply through the hub's own sender, so that the secrecy check covers replies too
            Path out = hub.outbox("web").resolve("sunset.jpg");
            Await.until(TestHub.TIMEOUT, "the good result", () -> Files.exists(out));
            SmtpSettings smtp = new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), "none", "hub", "HUB_SMTP_PASSWORD",
                    "hub@hub.test", 10_000_000);
            hub.services().replySender().send(new MailReply("photos", smtp, "alice@example.test", "[web] one", "<m1@example.test>",
                    List.of(), "web", "", List.of(new FileReport("sunset.jpg", List.of(out), "autoOrient, resize", 230_214,
                            Files.size(out), BigDecimal.ZERO, 800, null, null)), List.of()));
            assertThat(greenMail.waitForIncomingEmail(30_000, 4)).isTrue();
            assertThat(ops()).hasSize(3);
            assertThat(ops().get(2).subject()).isEqualTo("[image hub] route hotfolder-web is failing (3 failures in a row)");
            logs = capture.text();
        }
        assertThat(logs).contains("route hotfolder-web is failing").contains("notification 'route-failing' sent to ops@hub.test");
        assertThat(logs).doesNotContain(PASSWORD).doesNotContain(API_KEY);
        var all = greenMail.getReceivedMessages();
        assertThat(all).hasSize(4);
        for (var m : all) {
            String raw = new String(MailParts.of(m).raw(), StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain(PASSWORD).doesNotContain(API_KEY);
            MailParts parts = MailParts.of(m);
            assertThat(parts.text()).doesNotContain(PASSWORD).doesNotContain(API_KEY);
            assertThat(parts.html()).doesNotContain(PASSWORD).doesNotContain(API_KEY);
        }
    }

    @Test
    void exportMailsAttachResultsOrListThemWhenTooLarge() throws Exception {
        configure(5);
        try (TestHub hub = TestHub.start(home, Map.of(), environment())) {
            Path dir = Files.createDirectories(home.resolve("outbox/export"));
            Path small = Files.write(dir.resolve("report.csv"), "file,size\na.jpg,1\n".getBytes(StandardCharsets.UTF_8));
            Path big = Files.write(dir.resolve("huge.zip"), new byte[30_000_000]);
            Notifier n = hub.services().notifier();
            n.exportFinished("Nightly export <web>", List.of("12 files", "AI cost $0.10"), List.of(small), List.of(), List.of("ops@hub.test"));
            n.exportFinished("Big export", List.of("1 file"), List.of(big), List.of(), List.of("ops@hub.test"));
            n.exportFailed("Weekly batch", "the outbox disk is full", List.of("3 of 10 files done"), List.of(dir), List.of("ops@hub.test"));
            assertThat(greenMail.waitForIncomingEmail(30_000, 3)).isTrue();
            List<MailParts> mails = ops();
            assertThat(mails).extracting(MailParts::subject).containsExactly("[image hub] Nightly export <web>: finished",
                    "[image hub] Big export: finished", "[image hub] Weekly batch: FAILED");
            assertThat(mails.get(0).attachments()).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("report.csv");
                assertThat(new String(a.bytes(), StandardCharsets.UTF_8)).isEqualTo("file,size\na.jpg,1\n");
            });
            assertThat(mails.get(0).text()).contains("Nightly export <web> finished.").contains("  12 files").contains("The results are attached.");
            assertThat(mails.get(0).html()).contains("<b>Nightly export &lt;web&gt;</b>");
            assertThat(mails.get(1).attachments()).isEmpty();
            assertThat(mails.get(1).text()).contains(big.toString()).doesNotContain("The results are attached.");
            assertThat(mails.get(2).text()).contains("Weekly batch failed: the outbox disk is full").contains("3 of 10 files done")
                    .contains(dir.toString());
        }
    }
}
