package dev.imagehub.wavespeed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hub models [task]} prints the registry grouped by task, cheapest first, one row per model. */
class ModelsCommandTest {
    @TempDir
    Path home;

    @Test
    void should_print_every_model_grouped_by_task_cheapest_first() throws IOException {
        // given
        install(RegistryFiles.shippedText());

        // when
        Output out = run();

        // then
        assertThat(out.code).isZero();
        assertThat(out.lines.get(0)).startsWith("TASK").contains("MODEL", "ID", "PRICE", "TIER", "OUTPUT", "BEST FOR");
        assertThat(out.lines).anySatisfy(l -> assertThat(l).matches(
                "edit +Nano Banana Pro Edit Ultra \\* +google/nano-banana-pro/edit-ultra +4k \\$0\\.15 \\| 8k \\$0\\.18 +premium +image +highest-quality.*"));
        assertThat(out.lines).anySatisfy(l -> assertThat(l).matches(
                "video +InfiniteTalk +wavespeed-ai/infinitetalk +480p \\$0\\.03/s, 720p \\$0\\.06/s; min 5 s, max 600 s +budget +video +a talking avatar.*"));
        assertThat(out.lines).anySatisfy(l -> assertThat(l).matches(
                "generate +Vidu Reference-to-Image Q2 +vidu/reference-to-image-q2 +quote \\(no known price\\) +premium +image .*"));
        assertThat(out.lines).anySatisfy(l -> assertThat(l).matches(
                "to3d +Hunyuan3D V2 Multi-View +wavespeed-ai/hunyuan3d/v2-multi-view +\\$0\\.02; textured_mesh=true x3 +budget +model3d .*"));
        assertThat(out.lines.stream().filter(l -> l.matches("^[a-zA-Z0-9]+ .*") && !l.startsWith("TASK") && !l.startsWith("45 ")))
                .hasSize(45);
        assertThat(out.text.indexOf("Image Upscaler ")).isLessThan(out.text.indexOf("Bria Increase Resolution"));
        assertThat(out.text.indexOf("Bria Increase Resolution")).isLessThan(out.text.indexOf("Ultimate Image Upscaler"));
        assertThat(out.text.indexOf("\nedit ")).isLessThan(out.text.indexOf("\nupscale "));
        assertThat(out.lines).contains("45 model(s) from config/models.yaml; * = preferred by mode: quality. Prices are the registry's;"
                + " WaveSpeed's final charge prevails (see docs/models.md).");
    }

    @Test
    void should_print_one_task_when_asked() throws IOException {
        // given
        install(RegistryFiles.shippedText());

        // when
        Output out = run("upscale");

        // then
        assertThat(out.code).isZero();
        assertThat(out.lines.stream().filter(l -> l.startsWith("upscale "))).hasSize(3);
        assertThat(out.text).doesNotContain("\nedit ").contains("3 model(s)");
    }

    @Test
    void should_refuse_an_unknown_task_and_a_broken_registry() throws IOException {
        // given
        install(RegistryFiles.shippedText().replace("task: caption\n", "task: captions\n"));

        // when
        Output broken = run();
        Output unknown = run("paint");

        // then
        assertThat(broken.code).isEqualTo(2);
        assertThat(broken.text).startsWith("Configuration error: config/models.yaml:").contains("key 'models[28].task': unknown task 'captions'");
        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.text).startsWith("Unknown task 'paint'; use one of: edit, upscale");
    }

    private void install(String yaml) throws IOException {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/models.yaml"), yaml);
    }

    private Output run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = ModelsCommand.print(home, args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        return new Output(code, text, text.lines().toList());
    }

    private record Output(int code, String text, List<String> lines) {
    }
}
