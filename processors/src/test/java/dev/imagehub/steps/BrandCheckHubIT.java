package dev.imagehub.steps;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The brandCheck step in a real hub: warn delivers the image with its report, fail sends it to failed/ with the reasons. */
class BrandCheckHubIT {
    private static final byte[] SUNSET = Fixtures.bytes("photo-sunset-1800.jpg"); // greens and sky blues: not the brand's colours

    @TempDir
    Path home;

    @Test
    void should_deliver_the_image_and_report_on_warn_and_send_it_to_failed_with_the_reasons_on_fail() throws Exception {
        // given: the shipped brand-check chain (warn) and a gate that fails
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/chains.yaml"), Files.readString(home.resolve("config/chains.yaml"))
                + "\nbrand-gate:\n  steps:\n    - brandCheck: { onFailure: fail, logoRegion: bottomRight }\n");
        for (String[] route : new String[][] {{"checked", "brand-check"}, {"gated", "brand-gate"}}) {
            Files.writeString(home.resolve("routes/" + route[0] + ".camel.yaml"), "- templatedRoute:\n    routeTemplateRef: hotfolder\n"
                    + "    routeId: hotfolder-" + route[0] + "\n    parameters:\n      - name: name\n        value: " + route[0]
                    + "\n      - name: chain\n        value: " + route[1] + "\n");
        }
        try (TestHub hub = TestHub.start(home)) {
            // when
            hub.drop("checked", "sunset.jpg", SUNSET);
            hub.drop("gated", "sunset.jpg", SUNSET);
            hub.awaitFiles(hub.outbox("checked"), 3);
            hub.awaitFiles(hub.failed("gated"), 2);

            // then
            assertThat(TestHub.names(hub.outbox("checked"))).contains("sunset.jpg", "sunset-brand-check.json", "sunset-brand-check.png");
            assertThat(hub.outbox("checked").resolve("sunset-brand-check.json")).content()
                    .contains("\"passed\" : false").contains("of the design is in the brand colours (needs 70%)");
            assertThat(TestHub.names(hub.failed("gated"))).containsExactly("sunset.jpg", "sunset.jpg.error.json");
            assertThat(hub.failed("gated").resolve("sunset.jpg.error.json")).content()
                    .contains("brand check failed: only ").contains("no brand logo at 'bottomRight'");
            assertThat(hub.outbox("gated")).isDirectoryNotContaining("glob:**/sunset-brand-check.json");
        }
    }

    @Test
    void should_refuse_to_start_with_a_misspelt_option_naming_file_line_and_key() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/chains.yaml"), Files.readString(home.resolve("config/chains.yaml"))
                + "\nbrand-gate:\n  steps:\n    - brandCheck: { onFailure: stop }\n");
        assertThatThrownBy(() -> TestHub.start(home).close())
                .satisfies(e -> assertThat(TestHub.rootMessage(e)).contains("config/chains.yaml").contains("brand-gate.steps[0].brandCheck.onFailure")
                        .contains("'stop' is not one of warn, fail"));
    }
}
