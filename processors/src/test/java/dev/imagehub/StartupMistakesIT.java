package dev.imagehub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.HubProcess;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start with configuration mistakes stops with every mistake at once, one line each naming file, line and key, and
 * no stack trace: a misspelt setting (with the nearest real one), a route naming an unknown chain, a named watermark
 * whose logo is missing (though no chain uses it), and a chain with a bad option. A second hub on a home that a hub
 * already runs on stops at once.
 */
class StartupMistakesIT {

    @TempDir
    Path home;

    @Test
    void everyMistakeOfAStartIsReportedAtOnceInOneLineEach() throws Exception {
        TestHub.prepareHome(home);
        Path props = home.resolve("config/application.properties");
        Files.writeString(props, Files.readString(props) + "\nhub.maxMegapixel = 5\n");
        int settingLine = Files.readAllLines(props).size();
        Path route = home.resolve("routes/web.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("value: web\n", "value: webb\n"));
        Path watermarks = home.resolve("config/watermarks.yaml");
        Files.writeString(watermarks, Files.readString(watermarks).replace("logo: templates/logos/imagehub-logo.png", "logo: templates/logos/gone.png"));
        Path chains = home.resolve("config/chains.yaml");
        Files.writeString(chains, Files.readString(chains).replace("compress: { quality: 82, progressive: true }", "compress: { quality: 820, progressive: true }"));

        try (HubProcess hub = HubProcess.start(home, "mistakes", HubProcess.options("256m", Map.of()), List.of())) {
            assertThat(hub.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            List<String> refused = hub.logText().lines().filter(l -> l.startsWith("Cannot start: ")).toList();
            assertThat(refused).containsExactlyInAnyOrder(
                    "Cannot start: config/application.properties:" + settingLine + ": key 'hub.maxMegapixel': unknown setting; did you mean "
                            + "'hub.maxMegapixels'? (every setting is listed in config/application.properties)",
                    refused.stream().filter(l -> l.startsWith("Cannot start: config/chains.yaml:")).findFirst().orElse("chains.yaml missing"),
                    refused.stream().filter(l -> l.startsWith("Cannot start: config/watermarks.yaml:")).findFirst().orElse("watermarks.yaml missing"),
                    refused.stream().filter(l -> l.startsWith("Cannot start: routes/web.camel.yaml:")).findFirst().orElse("web.camel.yaml missing"));
            assertThat(refused.stream().filter(l -> l.contains("chains.yaml")).findFirst().orElseThrow())
                    .contains("key 'web.steps[4].compress.quality'").contains("must be between 1 and 100, was 820");
            assertThat(refused.stream().filter(l -> l.contains("watermarks.yaml")).findFirst().orElseThrow())
                    .contains("key 'brand-corner.logo'").contains("gone.png does not exist");
            assertThat(refused.stream().filter(l -> l.contains("web.camel.yaml")).findFirst().orElseThrow())
                    .contains(":9: key 'parameters.chain': hot folder 'webb': unknown chain 'webb'; did you mean 'web'?");
            assertThat(hub.logText()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void aSecondHubOnTheSameHomeIsRefused() throws Exception {
        TestHub.prepareHome(home);
        // this test's JVM holds the home's lock, as a running hub would
        try (HubLock running = HubLock.tryTake(home).orElseThrow();
             HubProcess second = HubProcess.start(home, "second", HubProcess.options("256m", Map.of()), List.of())) {
            assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(second.logText()).contains("Cannot start: another hub is already running with home " + home.toAbsolutePath().normalize())
                    .doesNotContain("\tat ");
        }
    }
}
