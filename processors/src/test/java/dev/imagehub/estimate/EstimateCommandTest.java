package dev.imagehub.estimate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubSettings;
import dev.imagehub.chain.ImageStep;
import dev.imagehub.ledger.Ledger;
import dev.imagehub.wavespeed.budget.BudgetConfig;
import dev.imagehub.wavespeed.budget.Budgets;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hub estimate}: prices a chain over a folder from the registry, per file and step, with budgets; sends nothing. */
class EstimateCommandTest {
    @TempDir
    Path home;
    private StepCatalog steps;

    @BeforeEach
    void prepare() throws Exception {
        TestHub.prepareHome(home);
        // the shipped local chains (the shipped AI chains use options of the real steps, replaced here), then the test's
        Path chains = home.resolve("config/chains.yaml");
        String shipped = Files.readString(chains);
        int ai = shipped.indexOf("# ---- WaveSpeed AI chains");
        Files.writeString(chains, (ai < 0 ? shipped : shipped.substring(0, ai)) + """

                aiup:
                  steps:
                    - upscale: { mode: budget, target_resolution: 4k }
                    - resize: { width: 100 }
                langs:
                  steps:
                    - translate: { model: alibaba/qwen-image/translate, languages: [es, de] }
                talk:
                  steps:
                    - video: { model: wavespeed-ai/infinitetalk, resolution: 720p }
                planned:
                  steps:
                    - edit: { mode: quality }
                sideBySide:
                  steps:
                    - upscale: { compare: [wavespeed-ai/image-upscaler, bria/increase-resolution] }
                """);
        Files.writeString(home.resolve("routes/aiup.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-aiup
                    parameters:
                      - name: name
                        value: aiup
                      - name: chain
                        value: aiup
                """);
        // the test steps take the place of the real ones of the same names: the generic planning is under test here
        List<ImageStep<?>> test = List.of(new PlanningSteps.Upscale(), new PlanningSteps.Translate(), new PlanningSteps.Video(),
                new PlanningSteps.Edit());
        List<ImageStep<?>> all = new ArrayList<>(StepCatalog.discover().all());
        all.removeIf(s -> test.stream().anyMatch(t -> t.name().equals(s.name())));
        all.addAll(test);
        steps = new StepCatalog(all);
    }

    @Test
    void should_price_each_image_and_list_what_is_not_an_image() throws Exception {
        // given
        Path inbox = Files.createDirectories(home.resolve("inbox/aiup"));
        Files.write(inbox.resolve("a.jpg"), Images.syntheticJpeg(64, 48, 1, 90));
        Files.write(inbox.resolve("b.jpg"), Images.syntheticJpeg(48, 48, 2, 90));
        Files.writeString(inbox.resolve("notes.txt"), "not a photo");
        Files.write(inbox.resolve("c.jpg.part"), new byte[] {1, 2});

        // when
        Run r = run("aiup", "aiup");

        // then
        assertThat(r.code).isZero();
        assertThat(r.out).contains("Cost estimate: chain 'aiup' over " + inbox + " (route hotfolder-aiup). Nothing was sent.")
                .containsPattern("a\\.jpg +upscale +wavespeed-ai/image-upscaler +target_resolution=4k +\\$0\\.01 +flat \\$0\\.01")
                .containsPattern("b\\.jpg +upscale +wavespeed-ai/image-upscaler")
                .contains("notes.txt: the file contains text, not image data")
                .contains("c.jpg.part: a partial download")
                .containsPattern("upscale +wavespeed-ai/image-upscaler +2 calls +\\$0\\.02")
                .contains("Total: 2 AI call(s) for 2 file(s): $0.02")
                .contains("upscale: wavespeed-ai/image-upscaler (Image Upscaler) - budget: cheapest of 3 upscale models at $0.01");
    }

    @Test
    void should_check_the_route_and_overall_budgets_against_what_the_ledger_says_is_spent() throws Exception {
        // given: 3 cents of a 4-cent route budget already spent today
        Files.writeString(home.resolve("config/budgets.yaml"), "overall: {day: 5.00}\nroutes:\n  aiup: {day: 0.04}\n");
        try (Ledger ledger = Ledger.open(HubSettings.load(home, TestHub.defaults()))) {
            new Budgets(BudgetConfig.load(home.resolve("config")), ledger.dataSource(), Clock.systemDefaultZone())
                    .reserve("earlier", "hotfolder-aiup", "wavespeed-ai/image-upscaler", new BigDecimal("0.03"));
            try (var c = ledger.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }
        Path inbox = Files.createDirectories(home.resolve("inbox/aiup"));
        Files.write(inbox.resolve("a.jpg"), Images.syntheticJpeg(64, 48, 1, 90));
        Files.write(inbox.resolve("b.jpg"), Images.syntheticJpeg(64, 48, 2, 90));

        // when
        Run r = run("aiup", "aiup");

        // then
        assertThat(r.out).containsPattern("the overall daily budget +\\$5\\.00 +spent today \\$0\\.03 +left \\$4\\.97 +fits")
                .containsPattern("the daily budget of route 'aiup' +\\$0\\.04 +spent today \\$0\\.03 +left \\$0\\.01 +would exceed it by \\$0\\.01")
                .contains("The budgets do not allow all of this run");
    }

    @Test
    void should_plan_one_call_per_language() throws Exception {
        // given
        Path inbox = Files.createDirectories(home.resolve("tmp-langs"));
        Files.write(inbox.resolve("menu.jpg"), Images.syntheticJpeg(40, 40, 3, 90));

        // when
        Run r = run("langs", inbox.toString());

        // then
        assertThat(r.out).containsPattern("menu\\.jpg +translate:es +alibaba/qwen-image/translate")
                .containsPattern("menu\\.jpg +translate:de +alibaba/qwen-image/translate")
                .contains("Total: 2 AI call(s) for 1 file(s): $0.02")
                .contains("Budgets (config/budgets.yaml");
    }

    @Test
    void should_price_a_talking_avatar_by_the_length_of_the_audio_named_in_the_sidecar() throws Exception {
        // given: 7 seconds of audio at 720p, $0.06 per second
        Path inbox = Files.createDirectories(home.resolve("inbox/talk"));
        Files.write(inbox.resolve("face.jpg"), Images.syntheticJpeg(40, 40, 4, 90));
        writeWav(inbox.resolve("voice.wav"), 7);
        Files.writeString(inbox.resolve("face.jpg.json"), "{\"audio\": \"voice.wav\"}");
        Files.write(inbox.resolve("other.jpg"), Images.syntheticJpeg(40, 40, 5, 90));

        // when
        Run r = run("talk", "talk");

        // then: the sidecar is not a file of its own; without audio the price needs a quote
        assertThat(r.out).containsPattern("face\\.jpg +video +wavespeed-ai/infinitetalk +resolution=720p audio\\.seconds=7\\.000 +\\$0\\.42 +7 s at 720p")
                .containsPattern("other\\.jpg +video +wavespeed-ai/infinitetalk +resolution=720p +quote")
                .doesNotContain("face.jpg.json")
                .contains("voice.wav: ")
                .contains("Total: 2 AI call(s) for 2 file(s): $0.42 plus 1 call(s) whose price only WaveSpeed's pricing endpoint knows");
    }

    @Test
    void should_use_the_plan_a_step_states_itself_and_draw_a_chart() throws Exception {
        // given
        Path inbox = Files.createDirectories(home.resolve("inbox/planned"));
        Files.write(inbox.resolve("square.jpg"), Images.syntheticJpeg(50, 50, 6, 90));
        Files.write(inbox.resolve("wide.jpg"), Images.syntheticJpeg(80, 50, 7, 90));

        // when
        Run r = run("planned", "planned", "--chart", "cost.png");

        // then
        assertThat(r.out).containsPattern("square\\.jpg +edit +openai/gpt-image-1 +quality=high size=1024\\*1024 +\\$0\\.167")
                .containsPattern("wide\\.jpg +edit +openai/gpt-image-1 +quality=high size=1536\\*1024 +\\$0\\.25")
                .contains("Total: 2 AI call(s) for 2 file(s): $0.417")
                .contains("edit: openai/gpt-image-1 (GPT Image 1) - planned by the step")
                .contains("Chart: " + home.resolve("cost.png"));
        var chart = ImageIO.read(home.resolve("cost.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(900);
        assertThat(chart.getHeight()).isGreaterThan(56);
    }

    @Test
    void should_plan_one_call_per_compared_model() throws Exception {
        // given
        Path inbox = Files.createDirectories(home.resolve("inbox/sbs"));
        Files.write(inbox.resolve("a.jpg"), Images.syntheticJpeg(40, 40, 8, 90));

        // when
        Run r = run("sideBySide", "sbs");

        // then
        assertThat(r.out).containsPattern("a\\.jpg +upscale:wavespeed-ai/image-upscaler +wavespeed-ai/image-upscaler +defaults +\\$0\\.01")
                .containsPattern("a\\.jpg +upscale:bria/increase-resolution +bria/increase-resolution +defaults +\\$0\\.04")
                .contains("Total: 2 AI call(s) for 1 file(s): $0.05");
    }

    @Test
    void should_say_a_local_chain_costs_nothing() throws Exception {
        // given
        Path inbox = Files.createDirectories(home.resolve("inbox/web"));
        Files.write(inbox.resolve("a.jpg"), Images.syntheticJpeg(40, 40, 9, 90));

        // when
        Run r = run("web", "web");

        // then
        assertThat(r.code).isZero();
        assertThat(r.out).contains("The chain has no AI step (1 file(s)): it runs locally and costs nothing.");
    }

    @Test
    void should_refuse_an_unknown_chain_or_folder_with_what_exists() throws Exception {
        Run chain = run("nope", "web");
        assertThat(chain.code).isEqualTo(2);
        assertThat(chain.out).startsWith("Unknown chain 'nope'; chains in config/chains.yaml: web, ");

        Run folder = run("web", "no-such-folder");
        assertThat(folder.code).isEqualTo(2);
        assertThat(folder.out).startsWith("Folder not found: no-such-folder");

        Run usage = run("web");
        assertThat(usage.out).startsWith("usage: hub estimate <chain> <folder> [--chart file.png]");
    }

    private record Run(int code, String out) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = EstimateCommand.print(home, args, new PrintStream(bytes, true, StandardCharsets.UTF_8), steps);
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private static void writeWav(Path file, int seconds) throws Exception {
        AudioFormat format = new AudioFormat(8000, 16, 1, true, false);
        byte[] pcm = new byte[8000 * 2 * seconds];
        try (AudioInputStream in = new AudioInputStream(new java.io.ByteArrayInputStream(pcm), format, 8000L * seconds)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
