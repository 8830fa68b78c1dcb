package dev.imagehub.steps.ai;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;

import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/** The AI hot folders that ship, end to end: real hub, real WaveSpeed client, the emulator over loopback HTTP. */
class AiHotFoldersIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static WaveSpeedEmulator emu;
    static TestHub hub;

    @BeforeAll
    static void start() throws Exception {
        emu = WaveSpeedEmulator.start(0, Duration.ofMillis(100));
        TestHub.prepareHome(home);
        hub = AiEmulator.hub(home, emu);
    }

    @AfterAll
    static void stop() {
        if (hub != null) hub.close();
        if (emu != null) emu.close();
    }

    @Test
    void upscale_doubles_each_side_with_the_budget_model_and_records_why() {
        hub.drop("upscale", "small.jpg", Images.syntheticJpeg(300, 200, 1, 90));
        hub.awaitFiles(hub.done("upscale"), 1);
        assertThat(TestHub.names(hub.outbox("upscale"))).containsExactly("small.jpg");
        BufferedImage out = Images.read(hub.outbox("upscale").resolve("small.jpg"));
        assertThat(out.getWidth()).isEqualTo(600);
        assertThat(out.getHeight()).isEqualTo(400);
        assertThat(emu.stats().submits("wavespeed-ai/image-upscaler")).isEqualTo(1);

        List<Map<String, Object>> rows = hub.sql("SELECT model, provider, cost_usd, details FROM usage_log WHERE route = ? AND step = ?",
                "hotfolder-upscale", "upscale");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("model")).isEqualTo("wavespeed-ai/image-upscaler");
            assertThat(r.get("provider")).isEqualTo("wavespeed");
            assertThat((String) r.get("details")).startsWith("budget: cheapest of 3 upscale models");
        });
    }

    @Test
    void caption_writes_a_json_sidecar_per_image_and_accumulates_csv_rows() throws Exception {
        hub.drop("caption", "first.jpg", Images.syntheticJpeg(320, 240, 2, 90));
        hub.awaitFiles(hub.done("caption"), 1);
        hub.drop("caption", "second, with comma.jpg", Images.syntheticJpeg(240, 320, 3, 90));
        hub.awaitFiles(hub.done("caption"), 2);
        assertThat(TestHub.names(hub.outbox("caption"))).containsExactlyInAnyOrder("first.jpg", "first.jpg.json",
                "second, with comma.jpg", "second, with comma.jpg.json", "captions.csv");

        JsonNode sidecar = JSON.readTree(hub.outbox("caption").resolve("first.jpg.json").toFile());
        assertThat(sidecar.path("file").asText()).isEqualTo("first.jpg");
        assertThat(sidecar.path("alt_text").asText()).isNotBlank();
        assertThat(sidecar.path("model").asText()).isEqualTo("wavespeed-ai/image-captioner");
        assertThat(sidecar.path("job_id").asText()).isNotBlank();

        List<String> csv = Files.readAllLines(hub.outbox("caption").resolve("captions.csv"), StandardCharsets.UTF_8);
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).isEqualTo(CaptionStep.CSV_HEADER);
        assertThat(csv.get(1)).startsWith("first.jpg,").contains(",wavespeed-ai/image-captioner,");
        assertThat(csv.get(2)).startsWith("\"second, with comma.jpg\",");
        JsonNode second = JSON.readTree(hub.outbox("caption").resolve("second, with comma.jpg.json").toFile());
        assertThat(csv.get(2)).endsWith("," + second.path("job_id").asText());
    }

    @Test
    void background_takes_the_prompt_from_the_sidecar_else_the_white_studio_default() throws Exception {
        byte[] photo = Images.syntheticJpeg(400, 300, 4, 92);
        long before = emu.stats().submits("bria/generate-background");
        Files.createDirectories(hub.inbox("background"));
        Files.writeString(hub.inbox("background").resolve("beach.jpg.json"), "{\"prompt\": \"a beach at dusk\"}");
        hub.drop("background", "beach.jpg", photo);
        hub.drop("background", "studio.jpg", photo);
        hub.awaitFiles(hub.done("background"), 3);                 // both photos and the sidecar archived
        assertThat(TestHub.names(hub.done("background"))).contains("beach.jpg.json");
        assertThat(TestHub.names(hub.outbox("background"))).containsExactlyInAnyOrder("beach.jpg", "studio.jpg");
        // the emulator writes the prompt into a band at the bottom: same photo, different prompts, different bands
        BufferedImage beach = Images.read(hub.outbox("background").resolve("beach.jpg"));
        BufferedImage studio = Images.read(hub.outbox("background").resolve("studio.jpg"));
        assertThat(beach.getWidth()).isEqualTo(400);
        assertThat(meanDiff(beach, studio, 0, 100)).as("top of the image: the untouched subject").isLessThan(1.0);
        assertThat(meanDiff(beach, studio, 200, 300)).as("bottom band: the prompt text differs").isGreaterThan(1.0);
        assertThat(emu.stats().submits("bria/generate-background") - before).isEqualTo(2);
    }

    @Test
    void translate_gives_one_output_per_language() {
        hub.drop("translate", "menu.png", pngBytes(320, 200));
        hub.awaitFiles(hub.done("translate"), 1);
        assertThat(TestHub.names(hub.outbox("translate"))).containsExactly("menu-de.png", "menu-es.png");
        assertThat(emu.stats().submits("alibaba/qwen-image/translate")).isEqualTo(2);
        assertThat(hub.sql("SELECT step FROM usage_log WHERE route = ? AND provider = 'wavespeed' ORDER BY step", "hotfolder-translate"))
                .extracting(r -> r.get("step")).containsExactly("translate:de", "translate:es");
    }

    @Test
    void to3d_saves_the_glb_and_no_image() throws Exception {
        hub.drop("to3d", "chair.jpg", Images.syntheticJpeg(256, 256, 5, 90));
        hub.awaitFiles(hub.done("to3d"), 1);
        assertThat(TestHub.names(hub.outbox("to3d"))).containsExactly("chair.glb");
        byte[] glb = Files.readAllBytes(hub.outbox("to3d").resolve("chair.glb"));
        assertThat(new String(glb, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("glTF");
    }

    @Test
    void generate_makes_images_from_text_and_json_prompt_files() throws Exception {
        hub.drop("generate", "kite.txt", "a red kite over green hills".getBytes(StandardCharsets.UTF_8));
        hub.drop("generate", "boats.json", "{\"prompt\": \"three boats\", \"size\": \"512*384\", \"seed\": 7, \"count\": 2}"
                .getBytes(StandardCharsets.UTF_8));
        hub.awaitFiles(hub.done("generate"), 2);
        assertThat(TestHub.names(hub.outbox("generate"))).hasSize(3).allMatch(n -> n.startsWith("kite.") || n.startsWith("boats"));
        Path kite = TestHub.files(hub.outbox("generate")).stream().filter(p -> p.getFileName().toString().startsWith("kite.")).findFirst().orElseThrow();
        assertThat(Images.read(kite).getWidth()).isEqualTo(1024);
        List<Path> boats = TestHub.files(hub.outbox("generate")).stream().filter(p -> p.getFileName().toString().startsWith("boats"))
                .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString().length())).toList();
        assertThat(boats).extracting(p -> p.getFileName().toString().replaceAll("\\.[a-z]+$", "")).containsExactly("boats", "boats-2");
        for (Path b : boats) {
            assertThat(Images.read(b).getWidth()).isEqualTo(512);
            assertThat(Images.read(b).getHeight()).isEqualTo(384);
        }
        assertThat(Files.readAllBytes(boats.get(0))).as("seeds 7 and 8 give different images").isNotEqualTo(Files.readAllBytes(boats.get(1)));
    }

    @Test
    void a_failed_prediction_sends_the_original_to_failed_with_the_reason() throws Exception {
        AiEmulator.fault(emu, "{\"fault\":\"failed\",\"model\":\"bria/generate-background\",\"code\":1200,\"count\":1}");
        byte[] photo = Images.syntheticJpeg(200, 150, 6, 90);
        hub.drop("background", "refused.jpg", photo);
        hub.awaitFiles(hub.failed("background"), 2);
        assertThat(Files.readAllBytes(hub.failed("background").resolve("refused.jpg"))).isEqualTo(photo);
        JsonNode error = JSON.readTree(hub.failed("background").resolve("refused.jpg.error.json").toFile());
        assertThat(error.toString()).contains("background").contains("bria/generate-background");
    }

    private static byte[] pngBytes(int w, int h) {
        try {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(java.awt.Color.ORANGE);
            g.fillRect(0, 0, w, h);
            g.setColor(java.awt.Color.BLACK);
            g.drawString("MENU", 20, 40);
            g.dispose();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double meanDiff(BufferedImage a, BufferedImage b, int fromY, int toY) {
        long sum = 0;
        long n = 0;
        for (int y = fromY; y < toY; y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
                n += 3;
            }
        }
        return (double) sum / n;
    }
}
