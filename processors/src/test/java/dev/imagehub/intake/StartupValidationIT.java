package dev.imagehub.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubServices;
import dev.imagehub.HubSettings;
import dev.imagehub.config.ConfigException;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A hub with a broken configuration refuses to start and names the file, line and key to fix. */
class StartupValidationIT {

    @TempDir
    Path home;

    @Test
    void should_refuse_to_start_on_an_unknown_step_naming_file_line_and_key() throws Exception {
        TestHub.prepareHome(home);
        String chains = Files.readString(home.resolve("config/chains.yaml")).replace("    - stripMetadata\n    - convert: { format: jpeg }\n    - compress: { quality: 82, progressive: true }",
                "    - stripMetadata\n    - oilPaint: { amount: 2 }\n    - convert: { format: jpeg }\n    - compress: { quality: 82, progressive: true }");
        Files.writeString(home.resolve("config/chains.yaml"), chains);
        int line = lineOf(chains, "oilPaint");

        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config/chains.yaml:" + line + ": key 'web.steps[3]': unknown step 'oilPaint'")
                // every step of the catalog is listed, in name order (other steps may sit between these)
                .hasMessageContaining("known steps: ").hasMessageContaining("autoOrient, ").hasMessageContaining(", resize, ")
                .hasMessageContaining(", stripMetadata");
    }

    @Test
    void should_refuse_bad_option_values_and_missing_presets_with_their_key() throws Exception {
        TestHub.prepareHome(home);
        Path file = home.resolve("config/chains.yaml");
        String original = Files.readString(file);

        Files.writeString(file, original.replace("compress: { quality: 82, progressive: true }", "compress: { quality: 820, progressive: true }"));
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults())))
                .hasMessageContaining("config/chains.yaml:" + lineOf(Files.readString(file), "quality: 820") + ": key 'web.steps[4].compress.quality'")
                .hasMessageContaining("must be between 1 and 100, was 820");

        Files.writeString(file, original.replace("resize: { mode: fit, width: 1600, height: 1600 }", "resize: { mode: fits, width: 1600 }"));
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults())))
                .hasMessageContaining("key 'web.steps[1].resize.mode'")
                .hasMessageContaining("'fits' is not one of fit, fill, stretch, pad");

        Files.writeString(file, original.replace("resize: { preset: instagram-portrait }", "resize: { preset: instagram-portait }"));
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults())))
                .hasMessageContaining("config/chains.yaml:" + lineOf(Files.readString(file), "instagram-portait") + ": key 'instagram.steps[1].resize.preset'")
                .hasMessageContaining("unknown preset 'instagram-portait'");

        Files.writeString(file, original.replace("resize: { mode: fill, width: 400, height: 400 }", "resize: { mode: fill, width: 400, hight: 400 }"));
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults())))
                .hasMessageContaining("key 'thumbnails.steps[1].resize.hight'")
                .hasMessageContaining("unknown option 'hight' for step 'resize'");
    }

    @Test
    void should_refuse_to_start_on_a_broken_model_registry_entry() throws Exception {
        TestHub.prepareHome(home);
        Path file = home.resolve("config/models.yaml");
        String text = Files.readString(file);
        String broken = text.replaceFirst("task: upscale", "task: upscaling");
        Files.writeString(file, broken);
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config/models.yaml:" + lineOf(broken, "task: upscaling"))
                .hasMessageContaining("upscaling");
    }

    @Test
    void should_refuse_invalid_settings_naming_the_properties_file_line_and_key() throws Exception {
        TestHub.prepareHome(home);
        Path file = home.resolve("config/application.properties");
        String text = Files.readString(file).replace("hub.maxMegapixels = 100", "hub.maxMegapixels = lots");
        Files.writeString(file, text);
        assertThatThrownBy(() -> HubSettings.load(home, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/application.properties:" + lineOf(text, "hub.maxMegapixels") + ": key 'hub.maxMegapixels'")
                .hasMessageContaining("was 'lots'");
    }

    @Test
    void should_refuse_to_start_a_route_that_names_an_unknown_chain() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("routes/typo.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-typo
                    parameters:
                      - name: name
                        value: typo
                      - name: chain
                        value: thumbnail
                """);
        assertThatThrownBy(() -> TestHub.start(home))
                .hasMessageContaining("hot folder 'typo'")
                .hasMessageContaining("unknown chain 'thumbnail'")
                .hasMessageContaining("web, thumbnails, instagram");
        // nothing was processed and no folder was touched
        assertThat(home.resolve("inbox/typo")).doesNotExist();
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(needle)) return i + 1;
        throw new IllegalArgumentException(needle);
    }
}
