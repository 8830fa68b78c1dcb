package dev.imagehub.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubSettings;
import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ConfigException;
import dev.imagehub.testing.TestHub;

/** config/mailboxes.yaml is checked at start-up with file, line and key; the shipped example is disabled. */
class MailboxCatalogTest {
    @TempDir
    Path home;

    MailboxCatalog load(String yaml, Map<String, String> env) throws Exception {
        TestHub.prepareHome(home);
        if (yaml != null) Files.writeString(home.resolve("config/mailboxes.yaml"), yaml);
        HubSettings settings = HubSettings.load(home, Map.of(), env);
        return MailboxCatalog.load(settings, ChainCatalog.load(home.resolve("config"), "config", StepCatalog.discover()));
    }

    static final String BOX = """
            mailboxes:
              - name: photos
                imap: { host: 127.0.0.1, port: 3143, security: none, user: hub, passwordEnv: PHOTOS_PW }
                smtp: { host: 127.0.0.1, port: 3025, security: none, from: hub@example.test }
                defaultChain: %s
                allowedSenders: [ann@example.test, "@friends.test"]
            """;

    @Test
    void theShippedExampleIsDisabledSoTheHubStartsWithoutMailSettings() throws Exception {
        assertThat(load(null, Map.of()).enabled()).isEmpty();
    }

    @Test
    void aMissingPasswordVariableStopsTheStartNamingTheVariableNotAValue() {
        assertThatThrownBy(() -> load(BOX.formatted("web"), Map.of("OTHER", "hunter2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/mailboxes.yaml:3")
                .hasMessageContaining("mailboxes[0].imap.passwordEnv")
                .hasMessageContaining("PHOTOS_PW is not set")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anUnknownChainStopsTheStartWithLineAndKey() {
        assertThatThrownBy(() -> load(BOX.formatted("webb"), Map.of("PHOTOS_PW", "pw")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/mailboxes.yaml:5")
                .hasMessageContaining("unknown chain 'webb'");
    }

    @Test
    void aValidMailboxIsLoadedAndSendersMatchByAddressOrDomain() throws Exception {
        MailboxCatalog c = load(BOX.formatted("instagram"), Map.of("PHOTOS_PW", "pw"));
        MailboxSettings box = c.enabled().get("photos");
        assertThat(c.imapPassword("photos")).isEqualTo("pw");
        assertThat(box.imap().folder()).isEqualTo("INBOX");
        assertThat(box.quarantineFolder()).isEqualTo("Quarantine");
        assertThat(box.allows("Ann@Example.test")).isTrue();
        assertThat(box.allows("bob@friends.test")).isTrue();
        assertThat(box.allows("bob@example.test")).isFalse();
        assertThat(box.allows("eve@notfriends.test")).isFalse();
        assertThat(c.hotFolders()).containsEntry("web", "web");
        assertThat(MailRouting.plusTag(List.of("hub+square@example.test"), box)).isEqualTo("square");
        assertThat(MailRouting.plusTag(List.of("other+square@example.test"), box)).isNull();
    }
}
