package dev.imagehub.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Attachment names from anywhere become safe names; the reply subject gets one "Re:". */
class MailComposerTest {
    @Test
    void hostileNamesBecomeSafe() {
        assertThat(MailComposer.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(MailComposer.safeName("..\\..\\win.ini")).isEqualTo("win.ini");
        assertThat(MailComposer.safeName("a\u0000b\r\nc.jpg")).isEqualTo("a_b__c.jpg");
        assertThat(MailComposer.safeName(".hidden.jpg")).isEqualTo("hidden.jpg");
        assertThat(MailComposer.safeName("-rf.png")).isEqualTo("rf.png");
        assertThat(MailComposer.safeName("..")).isEqualTo("image");
        String longName = "x".repeat(400) + ".jpg";
        assertThat(MailComposer.safeName(longName).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(150 + 4);
        assertThat(MailComposer.safeName(longName)).endsWith(".jpg");
        assertThat(MailComposer.safeName("Zürich été.jpeg")).isEqualTo("Zürich été.jpeg");
    }

    @Test
    void duplicateNamesAreNumbered() {
        Set<String> used = new HashSet<>();
        assertThat(ZipParts.unique("photo.jpg", used)).isEqualTo("photo.jpg");
        assertThat(ZipParts.unique("photo.jpg", used)).isEqualTo("photo-2.jpg");
        assertThat(ZipParts.unique("PHOTO.jpg", used)).isEqualTo("PHOTO-3.jpg");
    }

    @Test
    void oneRePrefix() {
        assertThat(SmtpReplySender.replySubject("[web] x")).isEqualTo("Re: [web] x");
        assertThat(SmtpReplySender.replySubject("re: [web] x")).isEqualTo("re: [web] x");
        assertThat(SmtpReplySender.replySubject(null)).isEqualTo("Re: ");
    }
}
