package dev.imagehub.steps.ai;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;

import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/** Every AI step not covered by a shipped folder, once, through the real client and the emulator. */
class AiStepsIT {
    @TempDir
    static Path home;
    static WaveSpeedEmulator emu;
    static TestHub hub;

    private static final String CHAINS = """

            t-edit:
              steps:
                - edit: { prompt: make it autumn, model: wavespeed-ai/qwen-image/edit }
                - resize: { width: 100 }
            t-faceswap:
              steps:
                - faceSwap: { face: faces/ann.jpg, targetIndex: 0, mode: budget }
            t-faces:
              steps:
                - headSwap: { face: faces }
            t-multiface:
              steps:
                - multiFaceSwap: { faces: [faces/ann.jpg, faces/bob.jpg], targets: [faces/bob.jpg, faces/ann.jpg] }
            t-expand:
              steps:
                - expand: { aspect: '16:9' }
            t-expand-left:
              steps:
                - expand: { direction: left, percent: 50 }
            t-erase:
              steps:
                - erase: { prompt: the power lines }
            t-removetext:
              steps:
                - removeText
            t-video:
              steps:
                - video: { prompt: slow zoom, duration: 5, resolution: 480p }
            t-avatar:
              steps:
                - video: { avatar: true }
            t-sketch:
              steps:
                - to3d: { kind: sketch, prompt: a wooden chair }
            """;

    @BeforeAll
    static void start() throws Exception {
        emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50));
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/chains.yaml"), CHAINS, StandardOpenOption.APPEND);
        for (String name : List.of("t-edit", "t-faceswap", "t-faces", "t-multiface", "t-expand", "t-expand-left", "t-erase",
                "t-removetext", "t-video", "t-avatar", "t-sketch")) {
            // the avatar folder also receives audio files, which are companions rather than photos
            String exclude = name.equals("t-avatar") ? """
                          - name: exclude
                            value: '.*\\.(json|wav)$'
                    """ : "";
            Files.writeString(home.resolve("routes/" + name + ".camel.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: hotfolder
                        routeId: hotfolder-%1$s
                        parameters:
                          - name: name
                            value: %1$s
                          - name: chain
                            value: %1$s
                    %2$s""".formatted(name, exclude));
        }
        Files.createDirectories(home.resolve("faces"));
        Files.write(home.resolve("faces/ann.jpg"), Images.syntheticJpeg(96, 96, 21, 90));
        Files.write(home.resolve("faces/bob.jpg"), Images.syntheticJpeg(96, 96, 22, 90));
        hub = AiEmulator.hub(home, emu);
    }

    @AfterAll
    static void stop() {
        if (hub != null) hub.close();
        if (emu != null) emu.close();
    }

    private static BufferedImage run(String folder, String name, byte[] bytes, int outputs) {
        hub.drop(folder, name, bytes);
        hub.awaitInboxEmpty(folder);
        assertThat(TestHub.files(hub.failed(folder))).as("failed in " + folder).isEmpty();
        hub.awaitFiles(hub.outbox(folder), outputs);
        return Images.read(TestHub.files(hub.outbox(folder)).get(0));
    }

    @Test
    void edit_result_goes_on_to_the_local_steps() {
        BufferedImage out = run("t-edit", "p.jpg", Images.syntheticJpeg(300, 200, 1, 90), 1);
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(emu.stats().submits("wavespeed-ai/qwen-image/edit")).isEqualTo(1);
    }

    @Test
    void face_swap_with_a_configured_face() {
        run("t-faceswap", "p.jpg", Images.syntheticJpeg(200, 200, 2, 90), 1);
        assertThat(emu.stats().submits("wavespeed-ai/image-face-swap")).isEqualTo(1);
    }

    @Test
    void head_swap_with_a_folder_of_faces_gives_one_output_per_face() {
        run("t-faces", "p.jpg", Images.syntheticJpeg(200, 200, 3, 90), 2);
        assertThat(TestHub.names(hub.outbox("t-faces"))).containsExactly("p-ann.jpg", "p-bob.jpg");
        assertThat(emu.stats().submits("wavespeed-ai/image-head-swap")).isEqualTo(2);
    }

    @Test
    void multi_face_swap_sends_both_lists() {
        run("t-multiface", "p.jpg", Images.syntheticJpeg(200, 200, 4, 90), 1);
        assertThat(emu.stats().submits("akool/image-face-swap")).isEqualTo(1);
    }

    @Test
    void expand_to_an_aspect_ratio_and_towards_a_side() {
        BufferedImage wide = run("t-expand", "p.jpg", Images.syntheticJpeg(200, 200, 5, 90), 1);
        assertThat((double) wide.getWidth() / wide.getHeight()).isCloseTo(16.0 / 9, org.assertj.core.data.Offset.offset(0.02));
        run("t-expand-left", "p.jpg", Images.syntheticJpeg(200, 200, 6, 90), 1);
        assertThat(emu.stats().submits("bria/expand")).isEqualTo(2);
    }

    @Test
    void erase_and_remove_text() {
        run("t-erase", "p.jpg", Images.syntheticJpeg(200, 150, 7, 90), 1);
        run("t-removetext", "p.jpg", Images.syntheticJpeg(200, 150, 8, 90), 1);
        assertThat(emu.stats().submits("wavespeed-ai/image-eraser")).isEqualTo(1);
        assertThat(emu.stats().submits("wavespeed-ai/image-text-remover")).isEqualTo(1);
    }

    @Test
    void image_to_video_delivers_an_mp4_and_no_image() throws Exception {
        hub.drop("t-video", "p.jpg", Images.syntheticJpeg(320, 240, 9, 90));
        hub.awaitFiles(hub.done("t-video"), 1);
        assertThat(TestHub.names(hub.outbox("t-video"))).containsExactly("p.mp4");
        byte[] mp4 = Files.readAllBytes(hub.outbox("t-video").resolve("p.mp4"));
        assertThat(new String(mp4, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    }

    @Test
    void talking_avatar_takes_the_audio_named_in_the_sidecar() throws Exception {
        Files.createDirectories(hub.inbox("t-avatar"));
        Files.write(hub.inbox("t-avatar").resolve("voice.wav"), wav(6));
        Files.writeString(hub.inbox("t-avatar").resolve("p.jpg.json"), "{\"audio\": \"voice.wav\"}");
        hub.drop("t-avatar", "p.jpg", Images.syntheticJpeg(320, 240, 10, 90));
        hub.awaitFiles(hub.done("t-avatar"), 2);
        assertThat(TestHub.names(hub.outbox("t-avatar"))).containsExactly("p.mp4");
        assertThat(emu.stats().submits("wavespeed-ai/infinitetalk")).isEqualTo(1);
    }

    @Test
    void a_sketch_goes_to_the_sketch_model_with_its_prompt() throws Exception {
        hub.drop("t-sketch", "chair.png", Images.syntheticJpeg(200, 200, 16, 90));
        hub.awaitFiles(hub.done("t-sketch"), 1);
        assertThat(TestHub.names(hub.outbox("t-sketch"))).containsExactly("chair.glb");
        assertThat(emu.stats().submits("wavespeed-ai/hunyuan3d-v3/sketch-to-3d")).isEqualTo(1);
        assertThat(hub.sql("SELECT details FROM usage_log WHERE route = 'hotfolder-t-sketch' AND provider = 'wavespeed'"))
                .singleElement().satisfies(r -> assertThat((String) r.get("details")).contains("balanced").contains("sketch-to-3d"));
    }

    private static byte[] wav(int seconds) throws Exception {
        AudioFormat f = new AudioFormat(8000, 16, 1, true, false);
        byte[] pcm = new byte[8000 * 2 * seconds];
        try (AudioInputStream in = new AudioInputStream(new java.io.ByteArrayInputStream(pcm), f, pcm.length / 2)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        }
    }
}
