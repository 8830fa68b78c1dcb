package dev.imagehub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.config.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The hub's own settings in config/application.properties: defaults, overrides and located errors. */
class HubSettingsTest {

    @TempDir
    Path home;

    @Test
    void should_name_file_line_and_key_of_a_bad_worker_count() throws IOException {
        // given
        writeProperties("""
                # hub settings
                camel.main.name = image-hub

                #hub.workers = 2
                hub.pollDelay = 500
                hub.workers = abc
                hub.maxMegapixels = 100
                """);

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> HubSettings.load(home));

        // then
        assertThat(e).isNotNull();
        assertThat(e.file()).isEqualTo("config/application.properties");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.key()).isEqualTo("hub.workers");
        assertThat(e.getMessage()).startsWith("config/application.properties:6: key 'hub.workers'")
                .contains("whole number from 1 to 256", "'abc'");
    }

    @Test
    void should_reject_a_value_out_of_range() throws IOException {
        // given
        writeProperties("hub.workers = 2\nhub.maxMegapixels = 0\n");

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> HubSettings.load(home));

        // then
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("hub.maxMegapixels");
        assertThat(e.getMessage()).contains("from 1 to 10000", "'0'");
    }

    @Test
    void should_point_at_the_line_whose_value_is_used_when_a_key_is_repeated() throws IOException {
        // given
        writeProperties("""
                hub.workers = 2
                hub.pollDelay = 500
                # local override
                hub.workers = many
                """);

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> HubSettings.load(home));

        // then
        assertThat(e.getMessage()).contains("'many'");
        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void should_read_values_and_use_defaults_for_the_rest() throws IOException {
        // given
        writeProperties("hub.workers=3\nhub.maxFileMegabytes = 5\n");

        // when
        HubSettings s = HubSettings.load(home);

        // then
        assertThat(s.workers()).isEqualTo(3);
        assertThat(s.maxFileBytes()).isEqualTo(5_000_000L);
        assertThat(s.maxMegapixels()).isEqualTo(100);
        assertThat(s.pollDelayMs()).isEqualTo(200);
        assertThat(s.incompleteFileWaitMs()).isEqualTo(30_000);
        assertThat(s.dbUrl()).startsWith("jdbc:hsqldb:file:").contains(home.resolve("data/ledger/hub").toString());
        assertThat(s.asProperties().getProperty("hub.workers")).isEqualTo("3");
    }

    @Test
    void should_start_with_defaults_when_there_is_no_file() {
        // when
        HubSettings s = HubSettings.load(home);

        // then
        assertThat(s.workers()).isBetween(1, 256);
        assertThat(s.readLockMinAgeMs()).isEqualTo(1000);
    }

    private void writeProperties(String text) throws IOException {
        Path file = home.resolve(HubSettings.FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
