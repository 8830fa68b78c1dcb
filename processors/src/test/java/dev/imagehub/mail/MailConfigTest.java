package dev.imagehub.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubServices;
import dev.imagehub.HubSettings;
import dev.imagehub.config.ConfigException;
import dev.imagehub.testing.TestHub;

/** config/notifications.yaml and templates/mail/ are checked at start-up, errors naming file, line and key. */
class MailConfigTest {
    @TempDir
    Path dir;

    NotificationSettings load(String yaml) throws Exception {
        Files.writeString(dir.resolve("notifications.yaml"), yaml);
        return NotificationSettings.load(dir);
    }

    ConfigException error(String yaml) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class, () -> load(yaml));
    }

    @Test
    void noFileAndTheShippedFileMeanNoMail() throws Exception {
        assertThat(NotificationSettings.load(dir).enabled()).isFalse();
        NotificationSettings shipped = NotificationSettings.load(Path.of(System.getProperty("test.hub.source", "..")).resolve("config"));
        assertThat(shipped.enabled()).isFalse();
        assertThat(shipped.smtp().passwordEnv()).isEqualTo("HUB_SMTP_PASSWORD");
        assertThat(shipped.threshold()).isEqualTo(5);
        assertThat(shipped.window()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aFullConfigurationIsRead() throws Exception {
        NotificationSettings s = load("""
                enabled: true
                operations: ops@hub.test
                exportRecipients: [a@hub.test, b@hub.test]
                smtp:
                  host: mail.hub.test
                  security: tls
                  user: hub
                  passwordEnv: MAIL_PW
                  from: Hub <hub@hub.test>
                  maxMailSize: 10MB
                routeFailing:
                  threshold: 4
                  window: 90s
                """);
        assertThat(s.enabled()).isTrue();
        assertThat(s.exportRecipients()).containsExactly("a@hub.test", "b@hub.test");
        assertThat(s.smtp()).isEqualTo(new SmtpSettings("mail.hub.test", 465, "tls", "hub", "MAIL_PW", "Hub <hub@hub.test>", 10_000_000));
        assertThat(s.threshold()).isEqualTo(4);
        assertThat(s.window()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void mistakesNameFileLineAndKey() {
        ConfigException e = error("enabled: true\noperations: ops@hub.test\nsmtp:\n  host: h\n  security: ssl\n  from: hub@hub.test\n");
        assertThat(e.file()).isEqualTo("config/notifications.yaml");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("smtp.security");
        assertThat(e.getMessage()).contains("'ssl' is not one of none, starttls, tls");

        e = error("enabled: true\noperations: not an address\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("operations");

        e = error("enabled: yes please\n");
        assertThat(e.key()).isEqualTo("enabled");

        e = error("enabeld: true\n");
        assertThat(e.getMessage()).contains("unknown key 'enabeld'").contains("enabled");

        e = error("routeFailing:\n  threshold: 3\n  window: ten minutes\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("routeFailing.window");

        e = error("smtp:\n  host: h\n  from: hub@hub.test\n  user: hub\n  passwordEnv: hunter2!secret\n");
        assertThat(e.key()).isEqualTo("smtp.passwordEnv");
        assertThat(e.getMessage()).contains("NAME of an environment variable").doesNotContain("hunter2!secret");

        e = error("enabled: true\noperations: ops@hub.test\n");
        assertThat(e.getMessage()).contains("no 'smtp:' section");
    }

    @Test
    void theHubDoesNotStartWithABrokenNotificationsFileOrTemplate() throws Exception {
        Path home = TestHub.prepareHome(dir.resolve("home"));
        Files.writeString(home.resolve("config/notifications.yaml"), "enabled: true\noperations: ops@hub.test\nsmtp:\n  host: h\n  port: 99999\n  from: hub@hub.test\n");
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults(), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config/notifications.yaml").hasMessageContaining("smtp.port");
        Files.delete(home.resolve("config/notifications.yaml"));
        Files.writeString(home.resolve("templates/mail/reply.html"), "<p>\n{{#files}}\n<b>{{name}}</b>\n");
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults(), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("templates/mail/reply.html");
        Files.delete(home.resolve("templates/mail/reply.html"));
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults(), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("templates/mail/reply.html").hasMessageContaining("missing");
    }

    @Test
    void aBadLargeResultsSettingIsNamed() throws Exception {
        Path home = TestHub.prepareHome(dir.resolve("home"));
        Map<String, String> o = new java.util.HashMap<>(TestHub.defaults());
        o.put("hub.mail.largeResults", "attach");
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, o, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hub.mail.largeResults").hasMessageContaining("'zip'");
    }

    @Test
    void templatesEscapeHtmlButNotText() {
        MailTemplates t = MailTemplates.load(Path.of(System.getProperty("test.hub.source", "..")).resolve("templates/mail"));
        MailTemplates.Rendered r = t.render("help", Map.of("subject", "Re: [nope] <b>hi</b>", "tag", "nope<script>", "example", "web",
                "mailbox", "photos", "chains", List.of(Map.of("name", "web", "description", "fits in 1600 & saves JPEG"))));
        assertThat(r.subject()).isEqualTo("Re: [nope] <b>hi</b>");
        assertThat(r.text()).contains("\"nope<script>\"").contains("web: fits in 1600 & saves JPEG");
        assertThat(r.html()).contains("<b>nope&lt;script&gt;</b>").contains("fits in 1600 &amp; saves JPEG").doesNotContain("<script>");

        r = t.render("refusal", Map.of("subject", "Re: line\r\nBcc: x@evil.test", "mailbox", "photos", "sender", "eve@evil.test"));
        assertThat(r.subject()).as("a line break in a value cannot start a header").isEqualTo("Re: line Bcc: x@evil.test");
        assertThat(r.text()).contains("eve@evil.test is not one of them");
    }
}
