package dev.imagehub.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

/** Batch rows whose chain has a template step: columns named like the layout's slots fill them, row by row. */
class BatchTemplateIT {
    @TempDir
    Path home;

    @Test
    void a_headline_column_gives_each_row_its_own_text_and_misplaced_slot_columns_are_row_problems() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("batch", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("batch", "promo.csv", """
                    image,chain,headline,subline,output
                    sunset.jpg,instagram-template,Autumn sale starts today,,autumn
                    sunset.jpg,instagram-template,"Winter menu, now served",Fridays from 7 pm,winter
                    """.getBytes(StandardCharsets.UTF_8));
            Path out = hub.outbox("batch").resolve(BatchFolder.batchId(hub.inbox("batch").resolve("promo.csv")));
            Await.until(TestHub.TIMEOUT, "report.csv", () -> Files.exists(out.resolve("report.csv")));
            List<String> report = Files.readAllLines(out.resolve("report.csv"), StandardCharsets.UTF_8);
            assertThat(report.get(1)).startsWith("2,sunset.jpg,autumn.jpg,done");
            assertThat(report.get(2)).startsWith("3,sunset.jpg,winter.jpg,done");
            BufferedImage autumn = Images.read(out.resolve("autumn.jpg"));
            BufferedImage winter = Images.read(out.resolve("winter.jpg"));
            assertThat(autumn.getWidth()).isEqualTo(1080);
            assertThat(autumn.getHeight()).isEqualTo(1080);
            // the same photo above, different texts in the band below
            assertThat(meanDiff(autumn, winter, 0, 0, 1080, 700)).isLessThan(2);
            assertThat(meanDiff(autumn, winter, 60, 828, 960, 150)).isGreaterThan(15);
            assertThat(meanDiff(autumn, winter, 60, 990, 760, 56)).as("subline only on the winter row").isGreaterThan(5);
            JsonNode estimate = new ObjectMapper().readTree(out.resolve("estimate.json").toFile());
            assertThat(estimate.get("items").get(1).get("options").get("headline").asText()).isEqualTo("Winter menu, now served");

            // the first batch archived its image with it
            hub.drop("batch", "beach.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("batch", "wrong.json", """
                    {"rows": [
                      {"image": "beach.jpg", "chain": "thumbnails", "headline": "No template here"},
                      {"image": "beach.jpg", "chain": "instagram-template", "headline": "Fine", "title": "blog-header has it, this layout not"},
                      {"image": "beach.jpg", "chain": "instagram-template", "headline": "Sale", "price": 12}
                    ]}
                    """.getBytes(StandardCharsets.UTF_8));
            Path wrong = hub.outbox("batch").resolve(BatchFolder.batchId(hub.inbox("batch").resolve("wrong.json")));
            Await.until(TestHub.TIMEOUT, "estimate.json", () -> Files.exists(wrong.resolve("estimate.json")));
            JsonNode items = new ObjectMapper().readTree(wrong.resolve("estimate.json").toFile()).get("items");
            assertThat(items.get(0).get("problem").asText()).isEqualTo("column 'headline' is a template value, but chain 'thumbnails' has no "
                    + "template step; use a chain with - template: <layout> or leave the column empty");
            assertThat(items.get(1).get("problem").asText()).startsWith("column 'title' is no slot of layout instagram-post (slots: headline");
            assertThat(items.get(2).get("problem").asText()).startsWith("column 'price' is no slot of layout instagram-post");
        }
    }

    private static double meanDiff(BufferedImage a, BufferedImage b, int x0, int y0, int w, int h) {
        long sum = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
            }
        }
        return (double) sum / (3.0 * w * h);
    }
}
