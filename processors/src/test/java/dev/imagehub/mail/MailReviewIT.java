package dev.imagehub.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

import jakarta.mail.internet.MimeMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mailbox whose chain asks for review: the sender is answered only once a reviewer has decided every file, with the
 * approved results attached and the declined ones named with the reviewer's comment; a reply kept back by a stop is
 * sent at the next start.
 */
class MailReviewIT {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hub@localhost", "hub", MailTestKit.PASSWORD));

    @TempDir
    Path home;

    private MimeMessage reply(String messageId) {
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
    void the_sender_is_answered_after_the_review_with_approved_results_and_the_reasons_of_declined_ones() throws Exception {
        TestHub.prepareHome(home);
        Path chains = home.resolve("config").resolve("chains.yaml");
        Files.writeString(chains, Files.readString(chains).replace("thumbnails:\n  description: Square 400x400 thumbnails, cropped to fill\n",
                "thumbnails:\n  description: Square 400x400 thumbnails, cropped to fill\n  review: true\n"));
        MailTestKit.writeConfig(home, greenMail, "");
        String id;
        String approved;
        try (TestHub hub = TestHub.start(home, Map.of(), MailTestKit.env())) {
            id = MailTestKit.send(greenMail, "Ann <ann@example.com>", "hub@localhost", "Spring sale",
                    MailTestKit.Part.file("sunset.jpg", "image/jpeg", Fixtures.bytes("photo-sunset-1800.jpg")),
                    MailTestKit.Part.file("wine.jpg", "image/jpeg", Fixtures.bytes("photo-wine-portrait-1800.jpg")));
            Await.until(TestHub.TIMEOUT, "the mail waits for review", () -> !hub.sql("SELECT state FROM mail_message WHERE state = 'REVIEWING'").isEmpty());
            List<Map<String, Object>> held = hub.sql("SELECT job_id, file_name, campaign, sender FROM hub_job WHERE review_state = 'WAITING' ORDER BY file_name");
            assertThat(held).hasSize(2);
            assertThat(held.get(0)).containsEntry("campaign", "mail: Spring sale").containsEntry("sender", "ann@example.com");
            assertThat(reply(id)).as("no reply before the review").isNull();
            approved = held.get(0).get("job_id").toString();
            assertThat(hub.services().reviews().approve(approved, "rob").done()).isTrue();
            assertThat(reply(id)).as("no reply while a file still waits").isNull();
            // the hub stops before the second decision; the reply must still come, once, after it
        }
        try (TestHub hub = TestHub.start(home, Map.of(), MailTestKit.env())) {
            String declined = hub.sql("SELECT job_id FROM hub_job WHERE review_state = 'WAITING'").get(0).get("job_id").toString();
            assertThat(hub.services().reviews().decline(declined, "rob", "too dark for the shop").done()).isTrue();
            Await.until(TestHub.TIMEOUT, "the reply after the review", () -> reply(id) != null);
            MimeMessage reply = reply(id);
            assertThat(MailTestKit.attachments(reply)).containsOnlyKeys("sunset.jpg");
            assertThat(MailTestKit.text(reply)).contains("wine.jpg", "declined by rob: too dark for the shop");
            Await.until(TestHub.TIMEOUT, "the mail is answered", () -> !hub.sql("SELECT state FROM mail_message WHERE state = 'REPLIED'").isEmpty());
            assertThat(java.util.Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
                try {
                    return m.getHeader("In-Reply-To") != null;
                } catch (Exception e) {
                    return false;
                }
            }).count()).as("one reply").isEqualTo(1);
        }
    }
}
