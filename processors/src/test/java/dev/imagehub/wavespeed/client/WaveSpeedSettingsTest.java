package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubSettings;
import dev.imagehub.config.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** hub.wavespeed.* settings: defaults, the shipped file, and start-up errors that name the key. */
class WaveSpeedSettingsTest {
    @TempDir
    Path home;

    private void properties(String text) throws IOException {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve(HubSettings.FILE), text);
    }

    @Test
    void defaultsFitANewBronzeAccountAndTheRealApi() {
        WaveSpeedSettings s = WaveSpeedSettings.of(HubSettings.load(home, Map.of(), Map.of()));
        assertThat(s.baseUrl()).isEqualTo("https://api.wavespeed.ai");
        assertThat(s.concurrency()).isEqualTo(2);
        assertThat(s.submitsPerMinute()).isZero();
        assertThat(s.taskTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(s.pollMaxMillis()).isEqualTo(5000);
        assertThat(s.pollRetries()).isEqualTo(5);
        assertThat(s.breakerFailures()).isEqualTo(5);
        assertThat(s.breakerOpen()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.quoteAlways()).isFalse();
    }

    @Test
    void theShippedSettingsFileStatesTheDefaults() throws IOException {
        Path shipped = Path.of(System.getProperty("test.hub.source", "..")).resolve(HubSettings.FILE);
        properties(Files.readString(shipped));
        WaveSpeedSettings fromFile = WaveSpeedSettings.of(HubSettings.load(home, Map.of(), Map.of()));
        Files.delete(home.resolve(HubSettings.FILE));
        assertThat(fromFile).isEqualTo(WaveSpeedSettings.of(HubSettings.load(home, Map.of(), Map.of())));
    }

    @Test
    void aBadValueStopsTheStartNamingFileLineAndKey() throws IOException {
        properties("hub.workers = 2\nhub.wavespeed.concurrency = 0\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> WaveSpeedSettings.of(HubSettings.load(home, Map.of(), Map.of())));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("hub.wavespeed.concurrency");
        assertThat(e.getMessage()).contains("from 1 to 10000", "'0'");

        properties("hub.wavespeed.quote = sometimes\n");
        e = catchThrowableOfType(ConfigException.class, () -> WaveSpeedSettings.of(HubSettings.load(home, Map.of(), Map.of())));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.getMessage()).contains("'auto'", "'always'", "'sometimes'");
    }

    @Test
    void theBaseUrlComesFromTheEnvironmentAndMustBeAUrl() {
        HubSettings ok = HubSettings.load(home, Map.of(), Map.of("WAVESPEED_BASE_URL", "http://127.0.0.1:8089/"));
        assertThat(WaveSpeedSettings.of(ok).baseUrl()).isEqualTo("http://127.0.0.1:8089");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> WaveSpeedSettings.of(HubSettings.load(home, Map.of(), Map.of("WAVESPEED_BASE_URL", "127.0.0.1:8089"))));
        assertThat(e.key()).isEqualTo("WAVESPEED_BASE_URL");
        assertThat(e.getMessage()).contains("http://", "'127.0.0.1:8089'");
    }

    @Test
    void theKeyIsReadFromTheEnvironmentOnlyAndNeverPrinted() {
        HubSettings fromProperty = HubSettings.load(home, Map.of("WAVESPEED_API_KEY", "k1"), Map.of());
        assertThat(ApiKey.from(fromProperty)).isEmpty();
        // a key written into the settings file is not a setting at all: the start refuses it, naming the line
        ConfigException inFile = catchThrowableOfType(ConfigException.class,
                () -> HubSettings.load(home, Map.of("hub.wavespeed.apiKey", "k2"), Map.of()));
        assertThat(inFile.getMessage()).contains("unknown setting").doesNotContain("k2");
        ApiKey key = ApiKey.from(HubSettings.load(home, Map.of(), Map.of(ApiKey.ENV, " secret-123 "))).orElseThrow();
        assertThat(key.toString()).doesNotContain("secret-123");
        assertThat(key.redact("token secret-123 refused")).isEqualTo("token *** refused");
    }
}
