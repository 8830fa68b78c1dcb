package dev.imagehub.estimate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hub estimate} on the shipped AI chains and steps: each step states its own calls, nothing is sent. */
class EstimateAiChainsTest {
    @TempDir
    Path home;

    @BeforeEach
    void prepare() throws Exception {
        TestHub.prepareHome(home);
        Path chains = home.resolve("config/chains.yaml");
        Files.writeString(chains, Files.readString(chains) + """

                talkingHead:
                  steps:
                    - video: { avatar: true, resolution: 720p }
                faceFolder:
                  steps:
                    - faceSwap: { face: faces, mode: budget }
                views:
                  steps:
                    - to3d: { kind: multiview }
                """);
    }

    @Test
    void should_price_the_shipped_upscale_folder_with_the_target_each_image_needs() throws Exception {
        // given: 2x of 1500 px needs 4k, 2x of 800 px 2k
        Path inbox = Files.createDirectories(home.resolve("inbox/upscale"));
        Files.write(inbox.resolve("big.jpg"), Images.syntheticJpeg(1500, 1000, 1, 85));
        Files.write(inbox.resolve("small.jpg"), Images.syntheticJpeg(800, 600, 2, 85));

        // when
        String out = run("upscale", "upscale");

        // then
        assertThat(out).contains("(route hotfolder-upscale). Nothing was sent.")
                .containsPattern("big\\.jpg +upscale +wavespeed-ai/image-upscaler +target_resolution=4k +\\$0\\.01")
                .containsPattern("small\\.jpg +upscale +wavespeed-ai/image-upscaler +target_resolution=2k +\\$0\\.01")
                .contains("upscale: wavespeed-ai/image-upscaler (Image Upscaler) - budget: cheapest of 3 upscale models");
    }

    @Test
    void should_price_one_call_per_language_of_the_shipped_translate_folder() throws Exception {
        // given
        Path inbox = Files.createDirectories(home.resolve("inbox/translate"));
        Files.write(inbox.resolve("menu.jpg"), Images.syntheticJpeg(300, 200, 3, 85));

        // when
        String out = run("translate", "translate");

        // then
        assertThat(out).containsPattern("menu\\.jpg +translate:es +alibaba/qwen-image/translate")
                .containsPattern("menu\\.jpg +translate:de +alibaba/qwen-image/translate")
                .contains("Total: 2 AI call(s) for 1 file(s): $0.02");
    }

    @Test
    void should_price_prompt_files_of_the_generate_folder_by_their_count() throws Exception {
        // given
        Path inbox = Files.createDirectories(home.resolve("inbox/generate"));
        Files.writeString(inbox.resolve("fox.txt"), "a red fox in the snow");
        Files.writeString(inbox.resolve("city.json"), "{\"prompt\": \"a city at night\", \"count\": 3, \"size\": \"1024*768\"}");

        // when
        String out = run("generate", "generate");

        // then: 1 + 3 images
        assertThat(out).containsPattern("fox\\.txt +generate +\\S+")
                .containsPattern("city\\.json +generate:3 +\\S+ +size=1024\\*768")
                .contains("Total: 4 AI call(s) for 2 file(s)");
    }

    @Test
    void should_price_a_talking_avatar_by_its_audio_and_a_face_folder_by_its_faces() throws Exception {
        // given: 9 s of audio beside the photo; two faces in the folder
        Path talk = Files.createDirectories(home.resolve("inbox/talk"));
        Files.write(talk.resolve("me.jpg"), Images.syntheticJpeg(200, 200, 4, 85));
        writeWav(talk.resolve("hello.wav"), 9);
        Files.writeString(talk.resolve("me.jpg.json"), "{\"audio\": \"hello.wav\"}");
        Path faces = Files.createDirectories(home.resolve("faces"));
        Files.write(faces.resolve("anna.jpg"), Images.syntheticJpeg(100, 100, 5, 85));
        Files.write(faces.resolve("ben.png"), Images.syntheticJpeg(100, 100, 6, 85));
        Files.writeString(faces.resolve("notes.txt"), "not a face");
        Path group = Files.createDirectories(home.resolve("inbox/group"));
        Files.write(group.resolve("team.jpg"), Images.syntheticJpeg(300, 200, 7, 85));

        // when
        String avatar = run("talkingHead", "talk");
        String swap = run("faceFolder", "group");

        // then
        assertThat(avatar).containsPattern("me\\.jpg +video +wavespeed-ai/infinitetalk +resolution=720p audio\\.seconds=9\\.000 +\\$0\\.54");
        assertThat(swap).containsPattern("team\\.jpg +faceSwap:anna +wavespeed-ai/image-face-swap")
                .containsPattern("team\\.jpg +faceSwap:ben +wavespeed-ai/image-face-swap")
                .contains("Total: 2 AI call(s) for 1 file(s): $0.02");
    }

    @Test
    void should_price_a_multi_view_object_once_with_its_companions() throws Exception {
        // given
        Path inbox = Files.createDirectories(home.resolve("inbox/views"));
        Files.write(inbox.resolve("chair_front.jpg"), Images.syntheticJpeg(200, 200, 8, 85));
        Files.write(inbox.resolve("chair_back.jpg"), Images.syntheticJpeg(200, 200, 9, 85));

        // when
        String out = run("views", "views");

        // then
        assertThat(out).containsPattern("chair_front\\.jpg +to3d +\\S+")
                .contains("chair_back.jpg: a _back view: sent with its _front file in the same prediction, not priced on its own")
                .contains("Total: 1 AI call(s) for 1 file(s)");
    }

    private String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = EstimateCommand.print(home, args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        return out;
    }

    private static void writeWav(Path file, int seconds) throws Exception {
        AudioFormat format = new AudioFormat(8000, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new java.io.ByteArrayInputStream(new byte[16000 * seconds]), format, 8000L * seconds)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
