package dev.imagehub.observe;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** /health and /metrics of a running hub, read over real HTTP on loopback as a monitor or Prometheus would. */
class HealthAndMetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void health_says_up_and_down_with_reasons_and_metrics_count_what_the_folders_did() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home, Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(port)))) {
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> health = get(base + "/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode json = new ObjectMapper().readTree(health.body());
            assertThat(json.get("status").asText()).isEqualTo("UP");
            assertThat(json.get("checks").findValuesAsText("name")).contains("ledger", "disk-space", "paused-work", "stuck-files", "wavespeed", "calendar",
                    "route:hotfolder-web", "consumer:hotfolder-web");

            hub.drop("web", "photo.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("web", "broken.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});
            hub.awaitFiles(hub.done("web"), 1);
            hub.awaitFiles(hub.failed("web"), 2);
            Await.until(TestHub.TIMEOUT, "both files counted", () -> {
                String m = get(base + "/metrics").body();
                return m.contains("hub_files_total{folder=\"web\",outcome=\"done\"} 1.0")
                        && m.contains("hub_files_total{folder=\"web\",outcome=\"failed\"} 1.0");
            });
            HttpResponse<String> metrics = get(base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body()).contains("hub_step_seconds_bucket{step=\"decode\"", "hub_chain_seconds_count{chain=\"web\",folder=\"web\"} 2",
                    "hub_files_inflight{folder=\"web\"} 0.0", "hub_files_backlog{folder=\"web\"} 0.0",
                    "hub_files_backlog{folder=\"thumbnails\"} 0.0", "hikaricp_connections_active",
                    "jvm_memory_used_bytes", "process_resident_memory_bytes", "hub_memory_budget_used_bytes",
                    "hub_budget_limit_usd{budget=", "hub_budget_spent_usd{budget=");

            // below the free-space floor: the disk check and the paused work say why, and /health answers 503
            hub.services().diskFloor().minimumMb(1_000_000_000);
            hub.drop("web", "waits.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            Await.until(TestHub.TIMEOUT, "health down, the folder paused", () -> {
                HttpResponse<String> h = get(base + "/health");
                return h.statusCode() == 503 && h.body().contains("paused: free disk space");
            });
            assertThat(get(base + "/health").body()).contains("\"status\" : \"DOWN\"", "hub.minFreeDiskMb");
            hub.services().diskFloor().minimumMb(0);
            hub.awaitFiles(hub.done("web"), 2);
            Await.until(TestHub.TIMEOUT, "health up again", () -> get(base + "/health").statusCode() == 200);

            // read-only: nothing but GET
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void the_wavespeed_check_shows_the_account_balance_and_goes_down_when_it_is_used_up() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestHub.prepareHome(home);
        try (dev.imagehub.wavespeed.emulator.WaveSpeedEmulator emu = dev.imagehub.wavespeed.emulator.WaveSpeedEmulator.start(0, java.time.Duration.ofMillis(20));
             TestHub hub = TestHub.start(home, Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(port), "hub.wavespeed.balanceSeconds", "1"),
                     Map.of(dev.imagehub.wavespeed.client.ApiKey.ENV, "sk-health-0a1b2c3d4e5f6a7b", dev.imagehub.wavespeed.client.WaveSpeedSettings.BASE_URL_ENV,
                             emu.baseUrl()))) {
            String base = "http://127.0.0.1:" + port;
            emulatorSettings(emu, "{\"balance\": 12.5}");
            Await.until(TestHub.TIMEOUT, "the balance in /health and /metrics", () -> get(base + "/health").body().contains("\"balance_usd\" : \"12.5\"")
                    && get(base + "/metrics").body().contains("hub_wavespeed_balance_usd 12.5"));
            assertThat(get(base + "/health").statusCode()).isEqualTo(200);

            emulatorSettings(emu, "{\"balance\": 0}");
            Await.until(TestHub.TIMEOUT, "health down for an empty account", () -> {
                HttpResponse<String> h = get(base + "/health");
                return h.statusCode() == 503 && h.body().contains("balance is 0");
            });
            emulatorSettings(emu, "{\"balance\": 3}");
            Await.until(TestHub.TIMEOUT, "health up once topped up", () -> get(base + "/health").statusCode() == 200);
        }
    }

    private static void emulatorSettings(dev.imagehub.wavespeed.emulator.WaveSpeedEmulator emu, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/__emulator/settings"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void a_port_in_use_stops_the_start_naming_the_setting() throws Exception {
        TestHub.prepareHome(home);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(taken.getLocalPort()));
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> TestHub.start(home, settings).close());
            assertThat(refused).hasMessageContaining("hub.http.port").hasMessageContaining(taken.getLocalPort() + " cannot be used")
                    .hasMessageContaining("hub.http.enabled = false");
        }
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }
}
