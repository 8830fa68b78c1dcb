package dev.imagehub.wavespeed.emulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.imagehub.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the emulator over real loopback HTTP the way the hub's client will. */
class WaveSpeedEmulatorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "test-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WaveSpeedEmulator emu;

    @BeforeAll
    static void start() throws IOException {
        emu = WaveSpeedEmulator.start(0, Duration.ofMillis(150));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void clean() {
        emu.reset();
        emu.defaultLatency(Duration.ofMillis(150));
        emu.maxUploadBytes(20L * 1024 * 1024);
        emu.objectOutputs(false);
        emu.syncTimeout(Duration.ofSeconds(30));
    }

    // ---------------------------------------------------------------- submit, poll, outputs

    @Test
    void upscaleGoesThroughItsStatusesAndReallyDoublesTheImage() throws Exception {
        byte[] input = png(photo(120, 80));
        String url = multipartUpload("photo.png", "image/png", input).path("data").path("download_url").asText();

        JsonNode submitted = post("/api/v3/wavespeed-ai/image-upscaler", "{\"image\":\"" + url + "\",\"output_format\":\"png\"}");
        assertThat(submitted.path("code").asInt()).isEqualTo(200);
        assertThat(submitted.path("message").asText()).isEqualTo("success");
        JsonNode data = submitted.path("data");
        assertThat(data.path("status").asText()).isEqualTo("created");
        assertThat(data.path("model").asText()).isEqualTo("wavespeed-ai/image-upscaler");
        assertThat(data.path("outputs").isArray() && data.path("outputs").isEmpty()).isTrue();
        assertThat(data.path("has_nsfw_contents").isArray()).isTrue();
        assertThat(data.path("error").asText()).isEmpty();
        assertThat(data.path("created_at").asText()).isNotBlank();
        assertThat(data.path("timings").path("inference").asLong()).isZero();
        String resultUrl = data.path("urls").path("get").asText();
        assertThat(resultUrl).isEqualTo(emu.baseUrl() + "/api/v3/predictions/" + data.path("id").asText() + "/result");

        List<String> statuses = new ArrayList<>();
        JsonNode done = pollUntilTerminal(resultUrl, statuses);
        assertThat(statuses).isSortedAccordingTo((a, b) -> Integer.compare(rank(a), rank(b)));
        assertThat(statuses).last().isEqualTo("completed");
        assertThat(done.path("executionTime").asLong()).isEqualTo(150);
        assertThat(done.path("timings").path("inference").asLong()).isEqualTo(150);
        assertThat(done.path("has_nsfw_contents")).hasSize(1);
        String out = done.path("outputs").get(0).asText();
        assertThat(out).startsWith(emu.baseUrl() + "/outputs/" + data.path("id").asText() + "/0.png");

        BufferedImage upscaled = ImageIO.read(new ByteArrayInputStream(download(out)));
        assertThat(upscaled.getWidth()).isEqualTo(240);
        assertThat(upscaled.getHeight()).isEqualTo(160);

        assertThat(emu.stats().submits("wavespeed-ai/image-upscaler")).isEqualTo(1);
        assertThat(emu.stats().submits()).isEqualTo(1);
        assertThat(emu.stats().uploads()).isEqualTo(1);
        assertThat(emu.stats().polls()).isEqualTo(statuses.size());
        assertThat(emu.stats().downloads()).isEqualTo(1);
    }

    @Test
    void targetResolutionSetsTheLongSideAndTheOtherResultPathServesTheSameData() throws Exception {
        String url = twoStepUpload("wide.jpg", "image/jpeg", jpeg(photo(400, 200)));
        JsonNode done = run("wavespeed-ai/ultimate-image-upscaler", "{\"image\":\"" + url + "\",\"target_resolution\":\"2k\"}");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(download(done.path("outputs").get(0).asText())));
        assertThat(img.getWidth()).isEqualTo(2048);
        assertThat(img.getHeight()).isEqualTo(1024);

        JsonNode plain = get("/api/v3/predictions/" + done.path("id").asText()).path("data");
        assertThat(plain.path("status").asText()).isEqualTo("completed");
        assertThat(plain.path("outputs")).isEqualTo(done.path("outputs"));
    }

    @Test
    void editRendersThePromptOntoTheImageAndLeavesTheRestAlone() throws Exception {
        BufferedImage src = photo(300, 200);
        String url = twoStepUpload("scene.png", "image/png", png(src));
        JsonNode done = run("wavespeed-ai/qwen-image/edit", "{\"prompt\":\"make it snow\",\"image\":\"" + url + "\"}");
        BufferedImage edited = ImageIO.read(new ByteArrayInputStream(download(done.path("outputs").get(0).asText())));
        assertThat(edited.getWidth()).isEqualTo(300);
        assertThat(edited.getHeight()).isEqualTo(200);
        assertThat(changedPixels(src, edited, 0, 100)).as("top half untouched").isZero();
        assertThat(changedPixels(src, edited, 100, 200)).as("text band in the lower half").isGreaterThan(1000);
    }

    @Test
    void inputsMayLiveOnAnyLoopbackServer() throws Exception {
        try (WaveSpeedEmulator other = WaveSpeedEmulator.start(0, Duration.ZERO)) {
            HttpRequest upload = HttpRequest.newBuilder(URI.create(other.baseUrl() + "/api/v3/media/upload/binary"))
                    .header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "multipart/form-data; boundary=XyZ")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipartBody("XyZ", "a.png", "image/png", png(photo(50, 40)))))
                    .build();
            String url = JSON.readTree(HTTP.send(upload, HttpResponse.BodyHandlers.ofString()).body()).path("data").path("download_url").asText();
            assertThat(url).startsWith(other.baseUrl());
            JsonNode done = run("bria/increase-resolution", "{\"image\":\"" + url + "\",\"desired_increase\":4}");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(download(done.path("outputs").get(0).asText())));
            assertThat(img.getWidth()).isEqualTo(200);
            assertThat(img.getHeight()).isEqualTo(160);
        }
    }

    @Test
    void unreachableOrNonLoopbackInputsFailWithTaskCode1402() throws Exception {
        JsonNode gone = run("wavespeed-ai/image-upscaler", "{\"image\":\"" + emu.baseUrl() + "/media/files/nope/x.png\"}");
        assertThat(gone.path("status").asText()).isEqualTo("failed");
        assertThat(gone.path("code").asInt()).isEqualTo(1402);
        JsonNode remote = run("wavespeed-ai/image-upscaler", "{\"image\":\"https://example.com/x.png\"}");
        assertThat(remote.path("code").asInt()).isEqualTo(1402);
        assertThat(remote.path("error").asText()).contains("loopback");
    }

    @Test
    void captionIsTextAsAStringOrAsAnObject() throws Exception {
        String url = twoStepUpload("red.png", "image/png", png(solid(64, 32, Color.RED)));
        JsonNode plain = run("wavespeed-ai/image-captioner", "{\"image\":\"" + url + "\"}");
        assertThat(plain.path("outputs").get(0).isTextual()).isTrue();
        assertThat(plain.path("outputs").get(0).asText()).contains("landscape").contains("red").contains("64 by 32");

        emu.objectOutputs(true);
        JsonNode object = run("wavespeed-ai/image-captioner", "{\"image\":\"" + url + "\",\"detail_level\":\"low\"}");
        JsonNode first = object.path("outputs").get(0);
        assertThat(first.isObject()).isTrue();
        assertThat(first.path("text").asText()).isEqualTo("A landscape image dominated by red tones.");
    }

    @Test
    void threeDModelsReturnAValidGlbCube() throws Exception {
        String url = twoStepUpload("chair.png", "image/png", png(photo(64, 64)));
        JsonNode done = run("tripo3d/v2.5/image-to-3d", "{\"image\":\"" + url + "\"}");
        String out = done.path("outputs").get(0).asText();
        assertThat(out).endsWith(".glb");
        assertValidGlb(download(out));

        emu.objectOutputs(true);
        JsonNode text = run("hyper3d/rodin-v2/text-to-3d", "{\"prompt\":\"a chair\"}");
        JsonNode obj = text.path("outputs").get(0);
        assertThat(obj.path("type").asText()).isEqualTo("glb");
        assertValidGlb(download(obj.path("url").asText()));
    }

    @Test
    void generationPaintsThePromptAtTheRequestedSizeDeterministically() throws Exception {
        String body = "{\"prompt\":\"a lighthouse\",\"size\":\"320*200\",\"seed\":7}";
        byte[] a = download(run("wavespeed-ai/qwen-image/text-to-image", body).path("outputs").get(0).asText());
        byte[] b = download(run("wavespeed-ai/qwen-image/text-to-image", body).path("outputs").get(0).asText());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(a));
        assertThat(img.getWidth()).isEqualTo(320);
        assertThat(img.getHeight()).isEqualTo(200);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void expandPadsToTheAspectRatioAndOtherTasksReturnAProcessedImage() throws Exception {
        BufferedImage src = photo(100, 100);
        String url = twoStepUpload("sq.png", "image/png", png(src));
        BufferedImage wide = ImageIO.read(new ByteArrayInputStream(download(
                run("bria/expand", "{\"image\":\"" + url + "\",\"aspect_ratio\":\"16:9\"}").path("outputs").get(0).asText())));
        assertThat(wide.getWidth()).isEqualTo(178);
        assertThat(wide.getHeight()).isEqualTo(100);
        for (String model : List.of("bria/generate-background", "wavespeed-ai/image-eraser", "wavespeed-ai/image-text-remover",
                "wavespeed-ai/image-face-swap", "alibaba/qwen-image/translate")) {
            BufferedImage out = ImageIO.read(new ByteArrayInputStream(download(
                    run(model, "{\"image\":\"" + url + "\",\"target_lang\":\"de\"}").path("outputs").get(0).asText())));
            assertThat(out.getWidth()).as(model).isEqualTo(100);
            assertThat(changedPixels(src, out, 0, 100)).as(model).isGreaterThan(0);
        }
    }

    @Test
    void imageToVideoMakesAClipOfTheRequestedDurationAndBillsIt() throws Exception {
        String url = twoStepUpload("still.png", "image/png", png(photo(200, 100)));
        JsonNode done = run("alibaba/wan-2.5/image-to-video", "{\"image\":\"" + url + "\",\"prompt\":\"waves\",\"duration\":10,\"resolution\":\"720p\"}");
        String out = done.path("outputs").get(0).asText();
        assertThat(out).endsWith(".mp4");
        byte[] mp4 = download(out);
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(new ByteArrayInputStream(mp4), mp4.length)) {
            g.start();
            assertThat(g.getImageWidth()).isEqualTo(320);
            assertThat(g.getImageHeight()).isEqualTo(160);
            assertThat(g.getLengthInFrames()).isEqualTo(10 * Mp4.FPS);
            g.stop();
        }
        assertThat(get("/api/v3/balance").path("data").path("balance").asDouble()).isEqualTo(99.0);
    }

    @Test
    void infiniteTalkLastsAndCostsAsLongAsItsAudio() throws Exception {
        String image = twoStepUpload("face.png", "image/png", png(photo(64, 64)));
        String audio = twoStepUpload("speech.wav", "audio/wav", wav(7));
        assertThat(quote("wavespeed-ai/infinitetalk", "{}")).as("no audio: the 5 s minimum").isEqualTo(0.15);
        assertThat(quote("wavespeed-ai/infinitetalk", "{\"audio\":\"" + audio + "\"}")).isEqualTo(0.21);
        HttpResponse<String> noAudio = send("POST", "/api/v3/wavespeed-ai/infinitetalk", "{\"image\":\"" + image + "\"}");
        assertThat(noAudio.statusCode()).isEqualTo(400);
        assertThat(noAudio.body()).contains("'audio'");

        JsonNode done = run("wavespeed-ai/infinitetalk", "{\"image\":\"" + image + "\",\"audio\":\"" + audio + "\"}");
        byte[] mp4 = download(done.path("outputs").get(0).asText());
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(new ByteArrayInputStream(mp4), mp4.length)) {
            g.start();
            assertThat(g.getLengthInFrames()).isEqualTo(7 * Mp4.FPS);
            g.stop();
        }
        assertThat(get("/api/v3/balance").path("data").path("balance").asDouble()).isEqualTo(100 - 0.21);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void aMissingKeyIs401AndAnUnknownModel404AndAMissingInput400() throws Exception {
        HttpResponse<String> noKey = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/api/v3/wavespeed-ai/image-upscaler"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noKey.body()).path("code").asInt()).isEqualTo(401);

        HttpResponse<String> unknown = send("POST", "/api/v3/acme/no-such-model", "{\"image\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("message").asText()).contains("acme/no-such-model");

        HttpResponse<String> noPrompt = send("POST", "/api/v3/wavespeed-ai/flux-kontext-pro", "{\"image\":\"x\"}");
        assertThat(noPrompt.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noPrompt.body()).path("message").asText()).contains("'prompt'");

        assertThat(send("GET", "/api/v3/predictions/unknown/result", null).statusCode()).isEqualTo(404);
        assertThat(emu.stats().submits()).as("401s and unknown models are not model submits").isEqualTo(1);
    }

    @Test
    void uploadsOverTheLimitAre413InBothFlows() throws Exception {
        emu.maxUploadBytes(1000);
        HttpResponse<String> announce = send("POST", "/api/v3/media/uploads", "{\"filename\":\"big.png\",\"size\":5000}");
        assertThat(announce.statusCode()).isEqualTo(413);

        JsonNode slot = post("/api/v3/media/uploads", "{\"filename\":\"lies.png\",\"size\":10}").path("data");
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(slot.path("upload").path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[5000])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(413);

        HttpResponse<String> multipart = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/api/v3/media/upload/binary"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "multipart/form-data; boundary=B")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipartBody("B", "big.bin", "image/png", new byte[5000]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(multipart.statusCode()).isEqualTo(413);
        assertThat(emu.stats().uploads()).isZero();
    }

    @Test
    void theTwoStepUploadReturnsAPutTargetAndADownloadUrlServingTheBytes() throws Exception {
        byte[] bytes = png(photo(10, 10));
        JsonNode data = post("/api/v3/media/uploads",
                "{\"filename\":\"my photo.png\",\"size\":" + bytes.length + ",\"content_type\":\"image/png\"}").path("data");
        assertThat(data.path("upload").path("method").asText()).isEqualTo("PUT");
        assertThat(data.path("upload").path("headers").path("Content-Type").asText()).isEqualTo("image/png");
        assertThat(data.path("type").asText()).isEqualTo("image");
        String download = data.path("download_url").asText();
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(download)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("not readable before the PUT").isEqualTo(404);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(data.path("upload").path("url").asText()))
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode() / 100).isEqualTo(2);
        HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(URI.create(download)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.body()).isEqualTo(bytes);
        assertThat(got.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(emu.stats().uploads()).isEqualTo(1);
        assertThat(emu.stats().downloads()).as("input reads are not output downloads").isZero();
    }

    // ---------------------------------------------------------------- account, pricing, catalogue, stats

    @Test
    void balancePricingAndTheCatalogue() throws Exception {
        double before = get("/api/v3/balance").path("data").path("balance").asDouble();
        run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}");
        assertThat(get("/api/v3/balance").path("data").path("balance").asDouble()).isCloseTo(before - 0.02, org.assertj.core.data.Offset.offset(1e-9));

        JsonNode pricing = post("/api/v3/model/pricing", "{\"model_id\":\"bria/increase-resolution\",\"inputs\":{}}").path("data");
        assertThat(pricing.path("unit_price").asDouble()).isEqualTo(0.04);
        assertThat(pricing.path("currency").asText()).isEqualTo("USD");
        JsonNode price = post("/api/v3/model/price", "{\"model_id\":\"wavespeed-ai/image-upscaler\",\"inputs\":{}}").path("data");
        assertThat(price.path("price").asDouble()).isEqualTo(0.01);
        assertThat(send("POST", "/api/v3/model/pricing", "{\"model_id\":\"nope/x\"}").statusCode()).isEqualTo(404);

        JsonNode models = get("/api/v3/models").path("data");
        assertThat(models.size()).isEqualTo(EmulatedModel.shippedRegistry().all().size());
        JsonNode upscaler = null;
        for (JsonNode m : models) if (m.path("model_id").asText().equals("wavespeed-ai/image-upscaler")) upscaler = m;
        assertThat(upscaler).as("the upscaler is listed").isNotNull();
        assertThat(upscaler.path("name").asText()).isEqualTo("Image Upscaler");
        assertThat(upscaler.path("type").asText()).isEqualTo("image-to-image");
        assertThat(upscaler.path("base_price").asDouble()).isEqualTo(0.01);
    }

    @Test
    void theStatsEndpointCountsExactlyWhatWasSent() throws Exception {
        String url = twoStepUpload("a.png", "image/png", png(photo(20, 20)));
        List<String> statuses = new ArrayList<>();
        String id = post("/api/v3/wavespeed-ai/image-captioner", "{\"image\":\"" + url + "\"}").path("data").path("id").asText();
        pollUntilTerminal(emu.baseUrl() + "/api/v3/predictions/" + id + "/result", statuses);
        post("/api/v3/wavespeed-ai/image-captioner", "{\"image\":\"" + url + "\"}");
        post("/api/v3/bria/expand", "{\"image\":\"" + url + "\"}");

        JsonNode stats = get("/__emulator/stats").path("data");
        assertThat(stats.path("submits").path("wavespeed-ai/image-captioner").asLong()).isEqualTo(2);
        assertThat(stats.path("submits").path("bria/expand").asLong()).isEqualTo(1);
        assertThat(stats.path("submits_total").asLong()).isEqualTo(3);
        assertThat(stats.path("uploads").asLong()).isEqualTo(1);
        assertThat(stats.path("polls").asLong()).isEqualTo(statuses.size());
        assertThat(stats.path("polls_by_task").path(id).asLong()).isEqualTo(statuses.size());
        assertThat(stats.path("downloads").asLong()).isZero();

        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/__emulator/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(emu.stats().submits()).isZero();
    }

    @Test
    void latencyIsSetPerModelThroughTheAdminApi() throws Exception {
        admin("/__emulator/latency", "{\"model\":\"wavespeed-ai/image-captioner\",\"millis\":60000}");
        admin("/__emulator/latency", "{\"millis\":0}");
        String url = twoStepUpload("a.png", "image/png", png(photo(20, 20)));
        String slow = post("/api/v3/wavespeed-ai/image-captioner", "{\"image\":\"" + url + "\"}").path("data").path("id").asText();
        JsonNode fast = run("bria/expand", "{\"image\":\"" + url + "\"}");
        assertThat(fast.path("status").asText()).isEqualTo("completed");
        assertThat(get("/api/v3/predictions/" + slow + "/result").path("data").path("status").asText()).isIn("created", "processing");
    }

    // ---------------------------------------------------------------- faults

    @Test
    void httpFaultsFireForTheNextNMatchingRequestsOnly() throws Exception {
        admin("/__emulator/faults", "[{\"fault\":\"429\",\"endpoint\":\"submit\",\"model\":\"wavespeed-ai/image-captioner\",\"count\":2},"
                + "{\"fault\":\"500\",\"endpoint\":\"result\"}]");
        emu.defaultLatency(Duration.ZERO);
        String url = twoStepUpload("a.png", "image/png", png(photo(20, 20)));
        String body = "{\"image\":\"" + url + "\"}";
        assertThat(send("POST", "/api/v3/wavespeed-ai/image-eraser", body).statusCode()).as("other model").isEqualTo(200);
        HttpResponse<String> limited = send("POST", "/api/v3/wavespeed-ai/image-captioner", body);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(limited.body()).path("code").asInt()).isEqualTo(429);
        assertThat(send("POST", "/api/v3/wavespeed-ai/image-captioner", body).statusCode()).isEqualTo(429);
        HttpResponse<String> ok = send("POST", "/api/v3/wavespeed-ai/image-captioner", body);
        assertThat(ok.statusCode()).isEqualTo(200);
        String resultPath = "/api/v3/predictions/" + JSON.readTree(ok.body()).path("data").path("id").asText() + "/result";
        HttpResponse<String> err = send("GET", resultPath, null);
        assertThat(err.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(err.body()).path("code").asInt()).isEqualTo(500);
        assertThat(send("GET", resultPath, null).statusCode()).isEqualTo(200);
        assertThat(emu.stats().submits("wavespeed-ai/image-captioner")).isEqualTo(3);
        assertThat(emu.stats().faultsApplied()).isEqualTo(3);
    }

    @Test
    void badGatewayIsHtmlAndMalformedJsonDoesNotParse() throws Exception {
        admin("/__emulator/faults", "[{\"fault\":\"502\"},{\"fault\":\"malformed_json\"}]");
        HttpResponse<String> gateway = send("GET", "/api/v3/predictions/x/result", null);
        assertThat(gateway.statusCode()).isEqualTo(502);
        assertThat(gateway.headers().firstValue("Content-Type")).contains("text/html");
        assertThat(gateway.body()).contains("<h1>502 Bad Gateway</h1>");
        HttpResponse<String> broken = send("POST", "/api/v3/wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}");
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(broken.body())).isInstanceOf(IOException.class);
        assertThat(send("POST", "/api/v3/wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void injectedTaskFailuresCarryTheirTaskCode() throws Exception {
        admin("/__emulator/faults", "[{\"fault\":\"failed\",\"code\":1200},{\"fault\":\"failed\",\"code\":1401,\"message\":\"Invalid size\"},"
                + "{\"fault\":\"failed\",\"code\":5003}]");
        JsonNode moderated = run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}");
        assertThat(moderated.path("status").asText()).isEqualTo("failed");
        assertThat(moderated.path("code").asInt()).isEqualTo(1200);
        assertThat(moderated.path("error").asText()).contains("moderation");
        assertThat(moderated.path("outputs")).isEmpty();
        JsonNode invalid = run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}");
        assertThat(invalid.path("code").asInt()).isEqualTo(1401);
        assertThat(invalid.path("error").asText()).isEqualTo("Invalid size");
        assertThat(run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}").path("code").asInt()).isEqualTo(5003);
        assertThat(run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}").path("status").asText()).isEqualTo("completed");
    }

    @Test
    void tasksCanEndCancelledOrTimedOut() throws Exception {
        admin("/__emulator/faults", "[{\"fault\":\"cancelled\"},{\"fault\":\"timeout\"}]");
        JsonNode cancelled = run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}");
        assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.path("error").asText()).isEqualTo("Task cancelled");
        assertThat(cancelled.path("outputs")).isEmpty();
        JsonNode timedOut = run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}");
        assertThat(timedOut.path("status").asText()).isEqualTo("timeout");
        assertThat(timedOut.path("code").asInt()).isEqualTo(5004);
    }

    @Test
    void syncModeAnswersWithTheResultOrSaysItIsStillProcessing() throws Exception {
        JsonNode done = post("/api/v3/wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\",\"size\":\"64*64\",\"enable_sync_mode\":true}").path("data");
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(download(done.path("outputs").get(0).asText())).isNotEmpty();

        emu.syncTimeout(Duration.ofMillis(100));
        admin("/__emulator/faults", "{\"fault\":\"never_finish\"}");
        JsonNode pending = post("/api/v3/wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\",\"enable_sync_mode\":true}").path("data");
        assertThat(pending.path("status").asText()).isEqualTo("processing");
        assertThat(pending.path("code").asInt()).isEqualTo(5004);
        assertThat(pending.path("error").asText()).contains("Sync mode timed out");
        assertThat(pending.path("urls").path("get").asText()).endsWith("/predictions/" + pending.path("id").asText() + "/result");
    }

    @Test
    void base64OutputsAreBareBase64OfTheFile() throws Exception {
        JsonNode done = run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\",\"size\":\"80*60\",\"enable_base64_output\":true}");
        String b64 = done.path("outputs").get(0).asText();
        assertThat(b64).doesNotStartWith("data:").doesNotContain("\n");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(java.util.Base64.getDecoder().decode(b64)));
        assertThat(img.getWidth()).isEqualTo(80);
    }

    @Test
    void pricesFollowTheDocumentedRulesAndTheChargeUsesThem() throws Exception {
        assertThat(quote("openai/gpt-image-1", "{\"quality\":\"high\",\"size\":\"1536*1024\"}")).isEqualTo(0.25);
        assertThat(quote("openai/gpt-image-1", "{\"quality\":\"low\"}")).isEqualTo(0.011);
        assertThat(quote("google/nano-banana-pro/edit-ultra", "{\"resolution\":\"8k\"}")).isEqualTo(0.18);
        assertThat(quote("google/nano-banana-pro/edit-ultra", "{}")).isEqualTo(0.15);
        assertThat(quote("ideogram-ai/ideogram-character", "{\"rendering_speed\":\"Turbo\"}")).isEqualTo(0.10);
        assertThat(quote("wavespeed-ai/hunyuan3d/v2-multi-view", "{\"textured_mesh\":true}")).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-9));

        admin("/__emulator/settings", "{\"balance\":1}");
        String url = twoStepUpload("a.png", "image/png", png(photo(20, 20)));
        run("openai/gpt-image-1", "{\"prompt\":\"x\",\"image\":\"" + url + "\",\"quality\":\"high\",\"size\":\"1024*1536\"}");
        assertThat(get("/api/v3/balance").path("data").path("balance").asDouble()).isEqualTo(0.75);
        admin("/__emulator/settings", "{\"balance\":0.2}");
        HttpResponse<String> broke = send("POST", "/api/v3/openai/gpt-image-1",
                "{\"prompt\":\"x\",\"image\":\"" + url + "\",\"quality\":\"high\",\"size\":\"1024*1536\"}");
        assertThat(broke.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(broke.body()).path("message").asText()).contains("Insufficient balance").contains("0.2500").contains("0.2000");
        assertThat(get("/api/v3/balance").path("data").path("balance").asDouble()).as("nothing taken").isEqualTo(0.2);
        List<String> formulas = new ArrayList<>();
        get("/api/v3/models").path("data").forEach(m -> {
            if (m.path("model_id").asText().equals("google/nano-banana-pro/edit-ultra")) formulas.add(m.path("formula").asText());
        });
        assertThat(formulas).singleElement().asString().contains("8k");
    }

    private static double quote(String model, String inputs) throws Exception {
        return post("/api/v3/model/pricing", "{\"model_id\":\"" + model + "\",\"inputs\":" + inputs + "}").path("data").path("unit_price").asDouble();
    }

    @Test
    void aNeverFinishingTaskStaysProcessing() throws Exception {
        emu.defaultLatency(Duration.ZERO);
        admin("/__emulator/faults", "{\"fault\":\"never_finish\",\"model\":\"wavespeed-ai/qwen-image/text-to-image\"}");
        String stuck = post("/api/v3/wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}").path("data").path("id").asText();
        JsonNode other = run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"y\"}");
        assertThat(other.path("status").asText()).isEqualTo("completed");
        JsonNode still = get("/api/v3/predictions/" + stuck + "/result").path("data");
        assertThat(still.path("status").asText()).isEqualTo("processing");
        assertThat(still.path("outputs")).isEmpty();
    }

    @Test
    void anOutputUrlCanBeMadeTo404AndADownloadSlowButComplete() throws Exception {
        admin("/__emulator/faults", "[{\"fault\":\"output_404\"},{\"fault\":\"slow_download\",\"delay_ms\":200}]");
        String missing = run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\",\"size\":\"64*64\"}").path("outputs").get(0).asText();
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(missing)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        String slow = run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\",\"size\":\"300*300\"}").path("outputs").get(0).asText();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(download(slow)));
        assertThat(img.getWidth()).isEqualTo(300);
        assertThat(emu.stats().downloads()).isEqualTo(2);
    }

    @Test
    void uploadFaultsHitBothUploadFlowsButNotTheFilePut() throws Exception {
        admin("/__emulator/faults", "{\"fault\":\"500\",\"endpoint\":\"upload\",\"count\":2}");
        assertThat(send("POST", "/api/v3/media/uploads", "{\"filename\":\"a.png\",\"size\":3}").statusCode()).isEqualTo(500);
        HttpResponse<String> multipart = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/api/v3/media/upload/binary"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "multipart/form-data; boundary=B")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipartBody("B", "a.png", "image/png", new byte[3]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(multipart.statusCode()).isEqualTo(500);
        assertThat(send("POST", "/api/v3/wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\"}").statusCode())
                .as("submits are not uploads").isEqualTo(200);
        twoStepUpload("a.png", "image/png", new byte[3]);
        assertThat(emu.stats().uploads()).isEqualTo(1);
    }

    @Test
    void sizesMustBeWrittenWithAStarAsTheRealApiInsists() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v3/wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"x\",\"size\":\"832x480\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("Invalid size: 832x480").contains("832*480");
    }

    @Test
    void theStandaloneCommandRefusesABadPort() throws Exception {
        assertThat(WaveSpeedEmulator.runStandalone(new String[]{"eighty"})).isEqualTo(2);
    }

    @Test
    void theFileStoreForgetsTheOldestFilesBeyondItsByteLimit() {
        BoundedStore<byte[]> store = new BoundedStore<>(10, b -> b.length);
        store.put("a", new byte[4]);
        store.put("b", new byte[4]);
        store.put("c", new byte[4]);
        assertThat(store.get("a")).isNull();
        assertThat(store.get("b")).hasSize(4);
        assertThat(store.get("c")).hasSize(4);
        store.put("huge", new byte[50]);
        assertThat(store.size()).as("the newest entry is kept even when alone over the limit").isEqualTo(1);
        assertThat(store.get("huge")).hasSize(50);
    }

    @Test
    void parallelClientsAreCountedExactlyAndEachGetsItsOwnResult() throws Exception {
        emu.defaultLatency(Duration.ZERO);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<JsonNode>> runs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String prompt = "prompt " + i;
                runs.add(pool.submit(() -> run("wavespeed-ai/qwen-image/text-to-image", "{\"prompt\":\"" + prompt + "\",\"size\":\"64*64\"}")));
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var f : runs) {
                JsonNode done = f.get();
                assertThat(done.path("status").asText()).isEqualTo("completed");
                ids.add(done.path("id").asText());
            }
            assertThat(ids).hasSize(40);
        } finally {
            pool.shutdownNow();
        }
        assertThat(emu.stats().submits("wavespeed-ai/qwen-image/text-to-image")).isEqualTo(40);
        assertThat(get("/api/v3/balance").path("data").path("balance").asDouble()).isEqualTo(100 - 40 * 0.02);
    }

    @Test
    void closingStopsListening() throws Exception {
        WaveSpeedEmulator other = WaveSpeedEmulator.start(0, Duration.ZERO);
        URI balance = URI.create(other.baseUrl() + "/api/v3/balance");
        HttpRequest request = HttpRequest.newBuilder(balance).header("Authorization", "Bearer " + KEY).build();
        assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        other.close();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void badFaultRulesAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/__emulator/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":\"explode\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("unknown fault 'explode'");
        HttpResponse<String> badEndpoint = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/__emulator/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":\"429\",\"endpoint\":\"everywhere\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badEndpoint.statusCode()).isEqualTo(400);
        assertThat(badEndpoint.body()).contains("unknown endpoint 'everywhere'");
    }

    // ---------------------------------------------------------------- helpers

    private static int rank(String status) {
        return List.of("created", "processing", "completed").indexOf(status);
    }

    private static JsonNode run(String model, String body) throws Exception {
        JsonNode submitted = post("/api/v3/" + model, body);
        assertThat(submitted.path("code").asInt()).as(submitted.toString()).isEqualTo(200);
        return pollUntilTerminal(submitted.path("data").path("urls").path("get").asText(), new ArrayList<>());
    }

    private static JsonNode pollUntilTerminal(String resultUrl, List<String> statuses) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Await.until(Duration.ofSeconds(20), () -> "a terminal status at " + resultUrl + ", saw " + statuses, () -> {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(resultUrl)).header("Authorization", "Bearer " + KEY).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode data = JSON.readTree(r.body()).path("data");
                statuses.add(data.path("status").asText());
                last.set(data);
                return List.of("completed", "failed", "cancelled", "timeout").contains(data.path("status").asText());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        return last.get();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + path)).header("Authorization", "Bearer " + KEY);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode post(String path, String body) throws Exception {
        return JSON.readTree(send("POST", path, body).body());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void admin(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    private static String twoStepUpload(String name, String type, byte[] bytes) throws Exception {
        JsonNode data = post("/api/v3/media/uploads", "{\"filename\":\"" + name + "\",\"size\":" + bytes.length
                + ",\"content_type\":\"" + type + "\"}").path("data");
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(data.path("upload").path("url").asText()));
        data.path("upload").path("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        HttpResponse<String> r = HTTP.send(put.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode() / 100).isEqualTo(2);
        return data.path("download_url").asText();
    }

    private static JsonNode multipartUpload(String name, String type, byte[] bytes) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/api/v3/media/upload/binary"))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=----hubBoundary")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipartBody("----hubBoundary", name, type, bytes))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static byte[] multipartBody(String boundary, String name, String type, byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ninput\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void assertValidGlb(byte[] glb) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(glb).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(glb, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("glTF");
        assertThat(b.getInt(4)).isEqualTo(2);
        assertThat(b.getInt(8)).isEqualTo(glb.length);
        int jsonLen = b.getInt(12);
        assertThat(b.getInt(16)).as("JSON chunk type").isEqualTo(0x4E4F534A);
        JsonNode gltf = JSON.readTree(new String(glb, 20, jsonLen, StandardCharsets.UTF_8));
        assertThat(gltf.path("asset").path("version").asText()).isEqualTo("2.0");
        assertThat(gltf.path("accessors").get(0).path("count").asInt()).isEqualTo(8);
        int binLen = b.getInt(20 + jsonLen);
        assertThat(b.getInt(24 + jsonLen)).as("BIN chunk type").isEqualTo(0x004E4942);
        assertThat(binLen).isEqualTo(gltf.path("buffers").get(0).path("byteLength").asInt());
        assertThat(20 + jsonLen + 8 + binLen).isEqualTo(glb.length);
    }

    private static long changedPixels(BufferedImage a, BufferedImage b, int fromY, int toY) {
        long n = 0;
        for (int y = fromY; y < toY; y++) for (int x = 0; x < a.getWidth(); x++) if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) n++;
        return n;
    }

    private static BufferedImage photo(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | 90);
        return img;
    }

    private static BufferedImage solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static byte[] wav(int seconds) throws IOException {
        javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(8000, 16, 1, true, false);
        byte[] pcm = new byte[seconds * 8000 * 2];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(new ByteArrayInputStream(pcm), format, seconds * 8000L),
                javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }
}
