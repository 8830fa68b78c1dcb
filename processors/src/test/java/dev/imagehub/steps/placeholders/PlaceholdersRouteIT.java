package dev.imagehub.steps.placeholders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Placeholders turned on the way the README says (one line in a chain): beside each result a JSON sidecar named after
 * the result as published, and one row per result in the folder's placeholders.csv.
 */
class PlaceholdersRouteIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void each_web_result_gets_its_blurhash_lqip_size_and_colour_beside_it_and_in_the_csv() throws Exception {
        TestHub.prepareHome(home);
        turnOnPlaceholdersInWeb();
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("web", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("web"), 1);
            // the same name again: its result becomes sunset-2.jpg, and its sidecar and CSV row must say so
            hub.drop("web", "sunset.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.drop("web", "anemone.heic", Fixtures.bytes("heic-alpha-400.heic"));
            hub.awaitFiles(hub.done("web"), 3);
            hub.awaitInboxEmpty("web");

            Path out = hub.outbox("web");
            assertThat(TestHub.names(out)).containsExactlyInAnyOrder("sunset.jpg", "sunset.jpg.json", "sunset-2.jpg", "sunset-2.jpg.json",
                    "anemone.jpg", "anemone.jpg.json", "placeholders.csv");

            JsonNode first = JSON.readTree(out.resolve("sunset.jpg.json").toFile());
            ImageInfo result = ImageProbe.probe(Files.readAllBytes(out.resolve("sunset.jpg")));
            assertThat(first.get("width").asInt()).isEqualTo(result.width()).isEqualTo(1600);
            assertThat(first.get("height").asInt()).isEqualTo(result.height()).isEqualTo(1067);
            assertThat(first.get("blurhash").asText()).hasSize(28).startsWith("L");
            assertThat(first.get("blurhashComponents").asText()).isEqualTo("4x3");
            assertThat(first.get("dominantColor").asText()).matches("#[0-9a-f]{6}");
            ImageInfo lqip = lqip(first);
            assertThat(lqip.format()).isEqualTo(ImageFormat.WEBP);
            assertThat(new int[] {lqip.width(), lqip.height()}).containsExactly(32, 21);

            JsonNode second = JSON.readTree(out.resolve("sunset-2.jpg.json").toFile());
            ImageInfo secondResult = ImageProbe.probe(Files.readAllBytes(out.resolve("sunset-2.jpg")));
            assertThat(new int[] {second.get("width").asInt(), second.get("height").asInt()})
                    .containsExactly(secondResult.width(), secondResult.height()).containsExactly(1068, 1600);
            assertThat(second.get("blurhash").asText()).isNotEqualTo(first.get("blurhash").asText());

            // the CSV: one row per result, naming it as published, and the same values as the sidecars
            List<dev.imagehub.config.Csv.Record> csv = dev.imagehub.config.Csv.records(Files.readString(out.resolve("placeholders.csv")));
            assertThat(csv.get(0).cells()).containsExactly("file", "width", "height", "dominant_color", "blurhash", "lqip", "job_id");
            assertThat(csv).hasSize(4);
            assertThat(csv.stream().skip(1).map(r -> r.cells().get(0))).containsExactlyInAnyOrder("sunset.jpg", "sunset-2.jpg", "anemone.jpg");
            List<String> firstRow = csv.stream().filter(r -> r.cells().get(0).equals("sunset.jpg")).findFirst().orElseThrow().cells();
            assertThat(firstRow.subList(1, 6)).containsExactly("1600", "1067", first.get("dominantColor").asText(), first.get("blurhash").asText(),
                    first.get("lqip").asText());

            // transparency: the JPEG result is flattened, but the preview of a picture with alpha is taken from it as delivered
            JsonNode anemone = JSON.readTree(out.resolve("anemone.jpg.json").toFile());
            assertThat(lqip(anemone).width()).isEqualTo(32);

            List<Map<String, Object>> rows = hub.sql("SELECT details FROM usage_log WHERE step = 'placeholders' AND details LIKE '%BlurHash%'");
            assertThat(rows).hasSize(3);
        }
    }

    @Test
    void a_wrong_option_stops_the_start_naming_the_chain_and_option() throws Exception {
        TestHub.prepareHome(home);
        Path chains = home.resolve("config/chains.yaml");
        Files.writeString(chains, Files.readString(chains).replaceFirst("# - placeholders[^\\n]*", "- placeholders: { components: 12x3 }"));
        Throwable refused = catchThrowable(() -> TestHub.start(home).close());
        assertThat(refused).hasMessageContaining("chains.yaml").hasMessageContaining("components '12x3' must be like 4x3");
    }

    private void turnOnPlaceholdersInWeb() throws Exception {
        Path chains = home.resolve("config/chains.yaml");
        String yaml = Files.readString(chains);
        assertThat(yaml).as("the line the README tells users to uncomment").contains("    # - placeholders ");
        Files.writeString(chains, yaml.replaceFirst("# - placeholders", "- placeholders"));
    }

    private static ImageInfo lqip(JsonNode sidecar) throws Exception {
        String uri = sidecar.get("lqip").asText();
        assertThat(uri).startsWith("data:image/webp;base64,");
        byte[] bytes = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        assertThat(bytes.length).as("a tiny preview").isLessThan(1500);
        return ImageProbe.probe(bytes);
    }
}
