package dev.imagehub.intake;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.ImageFormat;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shipped {@code watermarked} hot folder: fit inside 2048 px, "© imagehub" bottom-right at 50% opacity, JPEG. */
class WatermarkedRouteIT {

    @TempDir
    Path home;

    @Test
    void should_sign_photos_dropped_into_watermarked_in_the_bottom_right_corner_only() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("watermarked", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("watermarked", "portrait.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.awaitFiles(hub.outbox("watermarked"), 2);

            Path out = hub.outbox("watermarked").resolve("sunset.jpg");
            assertThat(Images.format(out)).isEqualTo(ImageFormat.JPEG);
            BufferedImage marked = Images.read(out);
            BufferedImage source = Images.read(Fixtures.bytes("photo-sunset-1800.jpg"));
            assertThat(marked.getWidth() + "x" + marked.getHeight()).isEqualTo("1800x1200");   // within 2048: never enlarged
            // "© imagehub" at 3% of 1200 = 36 px, 3% (36 px) from the bottom-right corner; JPEG q88 noise elsewhere
            int[] corner = {1800 - 36 - 320, 1200 - 36 - 40, 1800 - 36, 1200 - 36};
            assertThat(changedShare(source, marked, corner, true)).as("changed share of the corner").isGreaterThan(0.08);
            assertThat(changedShare(source, marked, corner, false)).as("changed share elsewhere").isLessThan(0.0005);
            // 50% opacity: the letters are neither invisible nor solid white over the dark grass
            assertThat(strongestChange(source, marked, corner)).isBetween(60, 150);

            BufferedImage portrait = Images.read(hub.outbox("watermarked").resolve("portrait.jpg"));
            assertThat(portrait.getWidth() + "x" + portrait.getHeight()).isEqualTo("1201x1800");

            List<Map<String, Object>> rows = hub.sql("SELECT step, status, details FROM usage_log WHERE route = 'hotfolder-watermarked' "
                    + "AND file_name = 'sunset.jpg' ORDER BY step_index");
            assertThat(rows).extracting(r -> r.get("step"))
                    .containsExactly("probe", "decode", "autoOrient", "resize", "watermark", "convert", "compress", "encode");
            Map<String, Object> watermark = rows.get(4);
            assertThat(watermark.get("status")).isEqualTo("ok");
            assertThat((String) watermark.get("details")).contains("text \"© imagehub\" in DejaVu Sans at 36 px").contains("bottomRight")
                    .contains("at 50% opacity");
        }
    }

    @Test
    void should_fit_large_corpus_photos_inside_2048_px_with_the_watermark() throws Exception {
        assumeTrue(Fixtures.corpus().isPresent(), "../shared/corpus is not here");
        Path big = Fixtures.corpus().get().resolve("real/wall-elephants-5640x3172.jpg");
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("watermarked", "elephants.jpg", Files.readAllBytes(big));
            hub.awaitFiles(hub.outbox("watermarked"), 1);

            BufferedImage out = Images.read(hub.outbox("watermarked").resolve("elephants.jpg"));
            assertThat(out.getWidth() + "x" + out.getHeight()).isEqualTo("2048x1152");
            assertThat(hub.sql("SELECT details FROM usage_log WHERE step = 'watermark'")).extracting(r -> (String) r.get("details"))
                    .singleElement().asString().contains("at 35 px").contains("bottomRight");
        }
    }

    /** Share of pixels differing by more than 40 in some channel, inside the box {x0,y0,x1,y1} or outside it. */
    private static double changedShare(BufferedImage a, BufferedImage b, int[] box, boolean inside) {
        long changed = 0;
        long total = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                boolean in = x >= box[0] && x < box[2] && y >= box[1] && y < box[3];
                if (in != inside) continue;
                total++;
                if (maxChannelDiff(a.getRGB(x, y), b.getRGB(x, y)) > 40) changed++;
            }
        }
        return (double) changed / total;
    }

    private static int strongestChange(BufferedImage a, BufferedImage b, int[] box) {
        int max = 0;
        for (int y = box[1]; y < box[3]; y++) for (int x = box[0]; x < box[2]; x++) max = Math.max(max, maxChannelDiff(a.getRGB(x, y), b.getRGB(x, y)));
        return max;
    }

    private static int maxChannelDiff(int p, int q) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) d = Math.max(d, Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF)));
        return d;
    }
}
