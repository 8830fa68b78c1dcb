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
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.imagehub.HubSettings;
import dev.imagehub.ledger.JobJournal;
import dev.imagehub.ledger.Ledger;
import dev.imagehub.wavespeed.AiCall;
import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Answers the emulator does not give but WAVESPEED-API.md allows, from a scripted server on loopback: an error envelope
 * with HTTP 200, a result URL on a foreign host, an empty output.
 */
class ProtocolToleranceIT {
    @TempDir
    Path home;

    private HttpServer api;
    private HttpServer foreign;
    private final List<String> apiRequests = new CopyOnWriteArrayList<>();
    private final List<String> foreignRequests = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> submitAnswer = new AtomicReference<>();
    private final AtomicReference<String> resultAnswer = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        foreign = server(foreignRequests, ex -> send(ex, 200, "{}"));
        api = server(apiRequests, ex -> send(ex, 200, ex.getRequestMethod().equals("POST") ? submitAnswer.get() : resultAnswer.get()));
    }

    @AfterEach
    void stop() {
        api.stop(0);
        foreign.stop(0);
    }

    private interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private static HttpServer server(List<String> log, Handler h) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            log.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            ex.getRequestBody().readAllBytes();
            h.handle(ex);
        });
        s.start();
        return s;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private String base(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private AiResult run() throws Exception {
        HubSettings s = HubSettings.load(home, Map.of("hub.db.server.enabled", "false", "hub.wavespeed.retryBackoffMillis", "10"),
                Map.of(ApiKey.ENV, GatewayHarness.KEY, WaveSpeedSettings.BASE_URL_ENV, base(api)));
        try (Ledger ledger = Ledger.open(s);
             WaveSpeedGateway gw = new WaveSpeedGateway(WaveSpeedSettings.of(s), ApiKey.from(s).orElseThrow(), GatewayHarness.REGISTRY,
                     ledger.dataSource(), new UnlimitedSpendGuard(), home, dev.imagehub.testing.TestCamel.context())) {
            String sha = "a".repeat(64);
            String job = new JobJournal(ledger.dataSource()).begin("r", "f", "c", "p.png", 1, sha);
            return gw.run(new AiCall("r", job, sha, 1, "caption", "", GatewayHarness.REGISTRY.require("wavespeed-ai/image-captioner"),
                    Map.of("image", base(foreign) + "/in.png"), "test"));
        }
    }

    @Test
    void anErrorEnvelopeWithHttp200IsARefusal() {
        submitAnswer.set("{\"code\":400,\"message\":\"image is required\",\"data\":null}");
        AiFailure f = catchThrowableOfType(AiFailure.class, this::run);
        assertThat(f.getMessage()).contains("refused (code 400): image is required").contains("Nothing was created or charged");
        assertThat(apiRequests).containsExactly("POST /api/v3/wavespeed-ai/image-captioner");
    }

    @Test
    void aResultUrlOnAnotherHostIsNotFollowedSoTheKeyStaysWithTheApi() throws Exception {
        submitAnswer.set("{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"t1\",\"status\":\"created\",\"urls\":{\"get\":\""
                + base(foreign) + "/steal\"}}}");
        resultAnswer.set("{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"t1\",\"status\":\"completed\","
                + "\"outputs\":[\"a red kite over a beach\"]}}");
        AiResult r = run();
        assertThat(r.outputs().get(0).text()).isEqualTo("a red kite over a beach");
        assertThat(apiRequests).containsExactly("POST /api/v3/wavespeed-ai/image-captioner", "GET /api/v3/predictions/t1/result");
        assertThat(foreignRequests).isEmpty();
    }

    @Test
    void anEmptyOutputIsAPaidFailure() {
        submitAnswer.set("{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"t2\",\"status\":\"created\"}}");
        resultAnswer.set("{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"t2\",\"status\":\"completed\",\"outputs\":[\"\"]}}");
        AiFailure f = catchThrowableOfType(AiFailure.class, this::run);
        assertThat(f.getMessage()).contains("prediction t2 completed, but its output 1 is empty");
        assertThat(f.costUsd()).isEqualByComparingTo("0.001");
    }
}
