package dev.imagehub.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;
import jakarta.mail.internet.MimeMessage;

/** The subject's prompt reaches an AI chain (against the WaveSpeed emulator); a stranger costs nothing and is refused politely. */
class MailAiIT {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hub@localhost", "hub", MailTestKit.PASSWORD));

    @TempDir
    Path home;

    static MimeMessage replyTo(String messageId) {
        Await.until(TestHub.TIMEOUT, "a reply to " + messageId, () -> find(messageId) != null);
        return find(messageId);
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

    @Test
    void thePromptFromTheSubjectDrivesTheAiChainAndStrangersCostNothing() throws Exception {
        TestHub.prepareHome(home);
        MailTestKit.writeConfig(home, greenMail, "    refuseStrangers: true\n");
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ZERO)) {
            Map<String, String> env = Map.of(MailTestKit.ENV, MailTestKit.PASSWORD,
                    "WAVESPEED_API_KEY", "sk-mail-test-0a1b2c3d4e5f6a7b8c9d", "WAVESPEED_BASE_URL", emu.baseUrl());
            try (TestHub hub = TestHub.start(home, Map.of("hub.wavespeed.retryBackoffMillis", "20"), env)) {
                RecordingSender sender = new RecordingSender(hub.services().smtpReplies());
                hub.services().useReplySender(sender);
                byte[] photo = Fixtures.bytes("portrait-astronaut-512.jpg");

                String stranger = MailTestKit.send(greenMail, "mallory@evil.test", "hub@localhost", "[background] free AI for me",
                        MailTestKit.Part.file("m.jpg", "image/jpeg", photo));
                assertThat(MailTestKit.text(replyTo(stranger))).contains("only processes images from senders it knows");
                assertThat(emu.stats().submits()).isZero();

                String beach = MailTestKit.send(greenMail, "ann@example.com", "hub@localhost", "[background] a beach at sunset",
                        MailTestKit.Part.file("astro.jpg", "image/jpeg", photo));
                String forest = MailTestKit.send(greenMail, "ann@example.com", "hub@localhost", "[background] a snowy forest",
                        MailTestKit.Part.file("astro.jpg", "image/jpeg", photo));
                replyTo(beach);
                replyTo(forest);
                Await.until(TestHub.TIMEOUT, "both replies recorded", () -> sender.sent.size() == 2);
                MailReply a = sender.sent.stream().filter(r -> beach.equals(r.messageId())).findFirst().orElseThrow();
                MailReply b = sender.sent.stream().filter(r -> forest.equals(r.messageId())).findFirst().orElseThrow();
                assertThat(a.chain()).isEqualTo("background");
                assertThat(a.prompt()).isEqualTo("a beach at sunset");
                assertThat(b.prompt()).isEqualTo("a snowy forest");
                assertThat(a.files()).singleElement().satisfies(f -> assertThat(f.ok()).as(String.valueOf(f.reason())).isTrue());
                assertThat(b.files()).singleElement().satisfies(f -> assertThat(f.ok()).as(String.valueOf(f.reason())).isTrue());
                // the emulator draws the prompt into the image: the same photo with two prompts gives two different results
                byte[] outA = Files.readAllBytes(a.files().get(0).outputs().get(0));
                byte[] outB = Files.readAllBytes(b.files().get(0).outputs().get(0));
                assertThat(outA).isNotEqualTo(outB);
                assertThat(emu.stats().submits()).isEqualTo(2);
                assertThat(a.files().get(0).costUsd()).isPositive();
                assertThat(hub.sql("SELECT COUNT(*) AS n FROM usage_log WHERE source = 'mail' AND route = 'mail-test' AND cost_usd > 0"))
                        .containsExactly(Map.of("n", 2L));
                assertThat(hub.sql("SELECT COUNT(*) AS n FROM usage_log WHERE file_name = 'm.jpg'")).containsExactly(Map.of("n", 0L));
            }
        }
    }
}
