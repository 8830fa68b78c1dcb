package dev.imagehub.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

/**
 * A hub stopped after a mail's results were written but before it was answered and marked done: the next hub answers
 * it once, without processing its attachments again.
 */
class MailRestartIT {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hub@localhost", "hub", MailTestKit.PASSWORD));

    @TempDir
    Path home;

    static long repliesTo(String messageId) throws Exception {
        long n = 0;
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            String[] irt = m.getHeader("In-Reply-To");
            if (irt != null && irt[0].equals(messageId)) n++;
        }
        return n;
    }

    @Test
    void aMailInterruptedBetweenResultsAndReplyIsAnsweredOnceAndProcessedOnce() throws Exception {
        TestHub.prepareHome(home);
        MailTestKit.writeConfig(home, greenMail, "");
        String id;
        try (TestHub first = TestHub.start(home, Map.of(), MailTestKit.env())) {
            RecordingSender down = new RecordingSender(first.services().smtpReplies());
            down.failuresLeft.set(Integer.MAX_VALUE);
            first.services().useReplySender(down);
            id = MailTestKit.send(greenMail, "ann@example.com", "hub@localhost", "[thumbnails] two photos",
                    MailTestKit.Part.file("one.jpg", "image/jpeg", Fixtures.bytes("photo-sunset-1800.jpg")),
                    MailTestKit.Part.file("two.jpg", "image/jpeg", Fixtures.bytes("portrait-astronaut-512.jpg")));
            Await.until(TestHub.TIMEOUT, "results written, reply not sent", () -> first.sql(
                    "SELECT state FROM mail_message WHERE message_id = ?", id).equals(java.util.List.of(Map.of("state", "PROCESSED"))));
            assertThat(first.sql("SELECT COUNT(*) AS n FROM hub_job WHERE route = 'mail-test' AND state = 'DONE'"))
                    .containsExactly(Map.of("n", 2L));
        }
        assertThat(repliesTo(id)).isZero();

        try (TestHub second = TestHub.start(home, Map.of(), MailTestKit.env())) {
            RecordingSender up = new RecordingSender(second.services().smtpReplies());
            second.services().useReplySender(up);
            Await.until(TestHub.TIMEOUT, "the reply after the restart", () -> {
                try {
                    return repliesTo(id) == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // a later mail is answered, so the interrupted one has had its chance to be (wrongly) handled twice
            String later = MailTestKit.send(greenMail, "ann@example.com", "hub@localhost", "[thumbnails] later",
                    MailTestKit.Part.file("three.jpg", "image/jpeg", Fixtures.bytes("portrait-astronaut-512.jpg")));
            Await.until(TestHub.TIMEOUT, "the later reply", () -> up.sent.stream().anyMatch(r -> later.equals(r.messageId())));
            assertThat(repliesTo(id)).isEqualTo(1);
            assertThat(second.sql("SELECT COUNT(*) AS n FROM hub_job WHERE route = 'mail-test' AND file_name IN ('one.jpg','two.jpg')"))
                    .containsExactly(Map.of("n", 2L));
            assertThat(second.sql("SELECT COUNT(DISTINCT job_id) AS n FROM usage_log WHERE source = 'mail' AND file_name IN ('one.jpg','two.jpg')"))
                    .containsExactly(Map.of("n", 2L));
            MailReply reply = up.sent.stream().filter(r -> id.equals(r.messageId())).findFirst().orElseThrow();
            assertThat(reply.files()).extracting(FileReport::attachmentName).containsExactly("one.jpg", "two.jpg");
            assertThat(reply.files()).allSatisfy(f -> assertThat(f.outputs()).singleElement().satisfies(p -> assertThat(p).exists()));
            assertThat(second.sql("SELECT state FROM mail_message WHERE message_id = ?", id)).containsExactly(Map.of("state", "REPLIED"));
        }
    }
}
