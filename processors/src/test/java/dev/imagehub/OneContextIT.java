package dev.imagehub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelContextTracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.client.ApiKey;
import dev.imagehub.wavespeed.client.WaveSpeedSettings;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub is one Camel application: one CamelContext runs routes, AI calls and mail, and owns the services' lifecycle. */
class OneContextIT {
    @TempDir
    Path home;

    @Test
    void one_context_builds_the_services_runs_an_ai_file_and_stops_the_services_after_its_routes() throws Exception {
        List<CamelContext> created = new CopyOnWriteArrayList<>();
        CamelContextTracker tracker = new CamelContextTracker() {
            @Override
            public void contextCreated(CamelContext camelContext) {
                created.add(camelContext);
            }
        };
        tracker.open();
        HubServices services;
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(20))) {
            TestHub.prepareHome(home);
            try (TestHub hub = TestHub.start(home, Map.of(), Map.of(ApiKey.ENV, "sk-one-context-0a1b2c3d4e5f", WaveSpeedSettings.BASE_URL_ENV, emu.baseUrl()))) {
                services = hub.services();
                // an AI folder: the WaveSpeed client sends its requests through camel-http in the hub's context
                hub.drop("caption", "photo.jpg", Images.syntheticJpeg(320, 240, 2, 90));
                hub.awaitFiles(hub.done("caption"), 1);
                assertThat(emu.stats().submits()).isEqualTo(1);
                CamelContext camel = created.get(0);
                // the services are beans of that context, by name
                assertThat(camel.getRegistry().lookupByName("hub")).isSameAs(services);
                assertThat(camel.getRegistry().lookupByName("journal")).isSameAs(services.journal());
                assertThat(camel.getRegistry().lookupByName("aiGateway")).isSameAs(services.ai());
                assertThat(camel.hasService(services)).isTrue();
            }
        } finally {
            tracker.close();
        }
        assertThat(created).as("CamelContexts created while a hub ran").hasSize(1);
        // stopped by Camel with its context: the ledger's pool is closed
        assertThat(((HikariDataSource) services.dataSource()).isClosed()).isTrue();
    }
}
