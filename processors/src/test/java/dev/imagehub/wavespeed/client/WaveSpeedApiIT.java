package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.imagehub.HubSettings;
import dev.imagehub.wavespeed.AiInput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes over the wire, seen by a recording server on loopback: the upload PUT carries exactly the announced
 * headers and never the key, downloads from another host never get the key and are retried on 5xx.
 */
class WaveSpeedApiIT {
    /** One request as the server saw it. */
    record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {
    }

    @TempDir
    Path home;

    private HttpServer api;
    private HttpServer cdn;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger cdnCalls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", ex -> {
            record(ex);
            if (ex.getRequestURI().getPath().equals("/api/v3/media/uploads")) {
                String base = "http://127.0.0.1:" + api.getAddress().getPort();
                send(ex, 200, "{\"code\":200,\"message\":\"success\",\"data\":{\"download_url\":\"" + base + "/files/a.png\","
                        + "\"upload\":{\"method\":\"PUT\",\"url\":\"" + base + "/put/slot1?sig=abc\","
                        + "\"headers\":{\"Content-Type\":\"image/png\",\"If-None-Match\":\"*\"}}}}");
            } else {
                send(ex, 200, "");
            }
        });
        api.start();
        cdn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cdn.createContext("/", ex -> {
            record(ex);
            // the first answer is a gateway hiccup, the second the file
            if (cdnCalls.incrementAndGet() == 1) send(ex, 503, "<html><title>503 Service Unavailable</title></html>");
            else send(ex, 200, "GLTFDATA");
        });
        cdn.start();
    }

    @AfterEach
    void stop() {
        api.stop(0);
        cdn.stop(0);
    }

    private void record(HttpExchange ex) throws IOException {
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()),
                ex.getRequestBody().readAllBytes()));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private WaveSpeedApi client() {
        HubSettings s = HubSettings.load(home, Map.of("hub.wavespeed.retryBackoffMillis", "10"),
                Map.of(ApiKey.ENV, GatewayHarness.KEY, WaveSpeedSettings.BASE_URL_ENV, "http://127.0.0.1:" + api.getAddress().getPort()));
        return new WaveSpeedApi(WaveSpeedSettings.of(s), ApiKey.from(s).orElseThrow(), dev.imagehub.testing.TestCamel.context());
    }

    private static String header(Seen s, String name) {
        return s.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> String.join(",", e.getValue()))
                .findFirst().orElse(null);
    }

    @Test
    void theUploadPutCarriesExactlyTheAnnouncedHeadersAndNoKey() throws Exception {
        byte[] bytes = GatewayHarness.png(20, 20, 51);
        try (WaveSpeedApi c = client()) {
            assertThat(c.upload(AiInput.of(bytes, "a.png"))).endsWith("/files/a.png");
        }
        Seen announce = seen.get(0);
        assertThat(announce.method()).isEqualTo("POST");
        assertThat(header(announce, "Authorization")).isEqualTo("Bearer " + GatewayHarness.KEY);
        assertThat(header(announce, "X-Client-Name")).isEqualTo("image-hub");
        assertThat(new String(announce.body(), StandardCharsets.UTF_8)).contains("\"filename\":\"a.png\"", "\"size\":" + bytes.length,
                "\"content_type\":\"image/png\"");

        Seen put = seen.get(1);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/put/slot1?sig=abc");
        assertThat(put.body()).isEqualTo(bytes);
        assertThat(header(put, "Content-Type")).isEqualTo("image/png");
        assertThat(header(put, "If-None-Match")).isEqualTo("*");
        assertThat(header(put, "Authorization")).isNull();
        assertThat(header(put, "X-Client-Name")).isNull();
        assertThat(seen).hasSize(2);
    }

    @Test
    void downloadsFromAnotherHostGetNoKeyAndAreRetried() throws Exception {
        try (WaveSpeedApi c = client()) {
            HttpTransport.Response r = c.download("http://127.0.0.1:" + cdn.getAddress().getPort() + "/out/0.glb");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("GLTFDATA");
        }
        assertThat(cdnCalls.get()).isEqualTo(2);
        assertThat(seen).allSatisfy(s -> assertThat(header(s, "Authorization")).isNull());
    }
}
