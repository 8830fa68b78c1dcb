package dev.imagehub.steps.ai;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/** AI chains beyond the shipped folders: model comparison with a contact sheet, multi-view 3D, lone views. */
class AiChainsIT {
    @TempDir
    Path home;

    /** Adds a chain and a hot folder of the same name to the test home. */
    private void folder(String name, String steps) throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/chains.yaml"), "\n" + name + ":\n  steps:\n" + steps, StandardOpenOption.APPEND);
        Files.writeString(home.resolve("routes/" + name + ".camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-%1$s
                    parameters:
                      - name: name
                        value: %1$s
                      - name: chain
                        value: %1$s
                """.formatted(name));
    }

    @Test
    void compare_delivers_each_model_and_a_labelled_contact_sheet() throws Exception {
        folder("cmp", "    - upscale: { factor: 2, compare: [wavespeed-ai/image-upscaler, Bria Increase Resolution] }\n");
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50)); TestHub hub = AiEmulator.hub(home, emu)) {
            hub.drop("cmp", "bird.jpg", Images.syntheticJpeg(300, 200, 9, 90));
            hub.awaitFiles(hub.done("cmp"), 1);
            assertThat(TestHub.names(hub.outbox("cmp"))).containsExactlyInAnyOrder("bird.jpg", "bird-image-upscaler.jpg",
                    "bird-increase-resolution.jpg", "bird-compare.jpg");
            BufferedImage sheet = Images.read(hub.outbox("cmp").resolve("bird-compare.jpg"));
            int[] size = ContactSheet.size(3);
            assertThat(size).containsExactly(3 * ContactSheet.CELL + 4 * ContactSheet.PAD, ContactSheet.CELL + ContactSheet.LABEL + 2 * ContactSheet.PAD);
            assertThat(new int[] {sheet.getWidth(), sheet.getHeight()}).containsExactly(size);
            for (String n : List.of("bird.jpg", "bird-image-upscaler.jpg", "bird-increase-resolution.jpg")) {
                BufferedImage out = Images.read(hub.outbox("cmp").resolve(n));
                assertThat(new int[] {out.getWidth(), out.getHeight()}).as(n).containsExactly(600, 400);
            }
            assertThat(emu.stats().submits("wavespeed-ai/image-upscaler")).isEqualTo(1);
            assertThat(emu.stats().submits("bria/increase-resolution")).isEqualTo(1);
            List<Map<String, Object>> rows = hub.sql("SELECT step, model FROM usage_log WHERE provider = 'wavespeed' ORDER BY step");
            assertThat(rows).extracting(r -> r.get("step") + " " + r.get("model")).containsExactly(
                    "upscale:image-upscaler wavespeed-ai/image-upscaler", "upscale:increase-resolution bria/increase-resolution");
        }
    }

    @Test
    void multiview_sends_the_front_with_its_siblings_once_and_archives_them_together() throws Exception {
        folder("views", "    - to3d: { kind: multiview, model: tripo3d/v2.5/multiview-to-3d }\n");
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50)); TestHub hub = AiEmulator.hub(home, emu)) {
            hub.drop("views", "chair_back.jpg", Images.syntheticJpeg(200, 200, 11, 90));
            hub.drop("views", "chair_left.jpg", Images.syntheticJpeg(200, 200, 12, 90));
            hub.drop("views", "chair_front.jpg", Images.syntheticJpeg(200, 200, 13, 90));
            hub.awaitFiles(hub.done("views"), 3);
            assertThat(TestHub.names(hub.done("views"))).containsExactlyInAnyOrder("chair_back.jpg", "chair_left.jpg", "chair_front.jpg");
            assertThat(TestHub.names(hub.outbox("views"))).containsExactly("chair_front.glb");
            assertThat(emu.stats().submits()).isEqualTo(1);
            assertThat(emu.stats().uploads()).as("front, back and left uploaded").isEqualTo(3);
            assertThat(hub.sql("SELECT file_name FROM usage_log WHERE provider = 'wavespeed'")).extracting(r -> r.get("file_name"))
                    .containsExactly("chair_front.jpg");
        }
    }

    @Test
    void the_shipped_to3d_folder_makes_one_multiview_model_of_named_views_and_a_single_one_of_a_lone_photo() throws Exception {
        TestHub.prepareHome(home);
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50)); TestHub hub = AiEmulator.hub(home, emu)) {
            List<String> views = List.of("back", "left", "right", "front");
            for (int i = 0; i < views.size(); i++) hub.drop("to3d", "chair_" + views.get(i) + ".jpg", Images.syntheticJpeg(200, 200, 20 + i, 90));
            hub.drop("to3d", "vase.jpg", Images.syntheticJpeg(200, 200, 30, 90));
            hub.awaitFiles(hub.done("to3d"), 5);
            assertThat(TestHub.names(hub.outbox("to3d"))).containsExactlyInAnyOrder("chair_front.glb", "vase.glb");
            assertThat(emu.stats().submits()).as("one multi-view model and one single-photo model, not five").isEqualTo(2);
            List<Map<String, Object>> rows = hub.sql("SELECT file_name, model, details FROM usage_log WHERE provider = 'wavespeed' ORDER BY file_name");
            assertThat(rows).extracting(r -> r.get("file_name")).containsExactly("chair_front.jpg", "vase.jpg");
            // the chosen model (Hunyuan3D V3) takes all four views; the vase went alone
            assertThat(emu.stats().uploads()).as("the chair's four views in one task, and the vase").isEqualTo(5);
        }
    }

    @Test
    void a_view_without_its_front_fails_after_the_grace_period() throws Exception {
        folder("lone", "    - to3d: { kind: multiview, grace: 1 }\n");
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50)); TestHub hub = AiEmulator.hub(home, emu)) {
            hub.drop("lone", "vase_back.jpg", Images.syntheticJpeg(120, 120, 14, 90));
            hub.awaitFiles(hub.failed("lone"), 2);
            String reason = new ObjectMapper().readTree(hub.failed("lone").resolve("vase_back.jpg.error.json").toFile()).toString();
            assertThat(reason).contains("vase_back.jpg is a view of a multi-view 3D model (back)").contains("_front").contains("within 1 s");
            assertThat(emu.stats().submits()).isZero();
        }
    }

    @Test
    void without_a_key_an_ai_step_fails_the_file_and_sends_nothing() throws Exception {
        TestHub.prepareHome(home);
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50));
             TestHub hub = TestHub.start(home, Map.of(), Map.of("WAVESPEED_BASE_URL", emu.baseUrl()))) {
            hub.drop("caption", "a.jpg", Images.syntheticJpeg(100, 100, 15, 90));
            hub.awaitFiles(hub.failed("caption"), 2);
            assertThat(Files.readString(hub.failed("caption").resolve("a.jpg.error.json"), StandardCharsets.UTF_8)).contains("\"reason\" : \"no API key: ").contains("WAVESPEED_API_KEY").doesNotContain("unexpected error");
            assertThat(emu.stats().submits()).isZero();
        }
    }
}
