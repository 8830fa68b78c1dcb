package dev.imagehub.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.steps.BeforeAfter;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped {@code enhance} hot folder: enhanced photo plus a before/after image in outbox/enhance/. */
class EnhanceRouteIT {

    @TempDir
    Path home;

    @Test
    void should_deliver_the_enhanced_photo_and_a_before_after_image() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("enhance", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("enhance", "rotated.jpg", Fixtures.bytes("orient6-picos-800.jpg"));
            hub.awaitFiles(hub.done("enhance"), 2);
            hub.awaitFiles(hub.outbox("enhance"), 4);
            assertThat(TestHub.files(hub.failed("enhance"))).isEmpty();
            assertThat(TestHub.names(hub.outbox("enhance"))).containsExactly("rotated-compare.jpg", "rotated.jpg", "sunset-compare.jpg", "sunset.jpg");

            Path result = hub.outbox("enhance").resolve("sunset.jpg");
            Path compare = hub.outbox("enhance").resolve("sunset-compare.jpg");
            assertThat(Images.format(result)).isEqualTo(ImageFormat.JPEG);
            assertThat(Images.format(compare)).isEqualTo(ImageFormat.JPEG);
            BeforeAfter.Layout l = BeforeAfter.layout(1800, 1200);
            try (WorkingImage out = decode(Files.readAllBytes(result)); WorkingImage cmp = decode(Files.readAllBytes(compare));
                 WorkingImage in = decode(Fixtures.bytes("photo-sunset-1800.jpg"))) {
                assertThat(out.width()).isEqualTo(1800);
                assertThat(out.height()).isEqualTo(1200);
                assertThat(cmp.width()).as("twice as wide plus the gap").isEqualTo(2 * 1800 + l.gap());
                assertThat(cmp.height()).as("as high plus the label band").isEqualTo(1200 + l.band());
                try (Mat left = crop(cmp.mat(), 0, l); Mat right = crop(cmp.mat(), l.afterX(), l)) {
                    double leftToInput = meanAbsDiff(left, in.mat());
                    double rightToResult = meanAbsDiff(right, out.mat());
                    double inputToResult = meanAbsDiff(in.mat(), out.mat());
                    assertThat(leftToInput).as("left half is the unenhanced input (JPEG both times)").isLessThan(2.5);
                    assertThat(rightToResult).as("right half is the delivered result").isLessThan(2.5);
                    assertThat(inputToResult).as("the enhancement visibly changed the photo").isGreaterThan(4 * leftToInput);
                }
            }

            // EXIF orientation 6: enhanced after autoOrient, so both halves are upright (the comparison carries no EXIF)
            try (WorkingImage cmp = decode(Files.readAllBytes(hub.outbox("enhance").resolve("rotated-compare.jpg")));
                 WorkingImage in = decode(Fixtures.bytes("orient6-picos-800.jpg"))) {
                BeforeAfter.Layout r = BeforeAfter.layout(800, 600);
                assertThat(cmp.width()).isEqualTo(r.totalWidth());
                assertThat(cmp.height()).isEqualTo(r.totalHeight());
                Orientation.apply(in, 6);
                try (Mat left = crop(cmp.mat(), 0, r)) {
                    assertThat(meanAbsDiff(left, in.mat())).isLessThan(2.5);
                }
            }

            List<Map<String, Object>> rows = hub.sql("SELECT step, details FROM usage_log WHERE file_name = ? ORDER BY step_index", "sunset.jpg");
            assertThat(rows).extracting(r -> r.get("step"))
                    .containsExactly("probe", "decode", "autoOrient", "autoEnhance", "sharpen", "convert", "compress", "encode");
            assertThat((String) rows.get(3).get("details")).contains("lightness ").contains("before/after comparison " + l.totalWidth() + "x" + l.totalHeight());
        }
    }

    private static WorkingImage decode(byte[] bytes) throws Exception {
        ImageInfo info = ImageProbe.probe(bytes);
        return ImageDecoder.decode(bytes, info, 1);
    }

    private static Mat crop(Mat m, int x, BeforeAfter.Layout l) {
        try (Rect r = new Rect(x, l.band(), l.width(), l.height())) {
            return new Mat(m, r).clone();
        }
    }

    private static double meanAbsDiff(Mat a, Mat b) {
        try (Mat d = new Mat()) {
            org.bytedeco.opencv.global.opencv_core.absdiff(a, b, d);
            org.bytedeco.opencv.opencv_core.Scalar s = org.bytedeco.opencv.global.opencv_core.mean(d);
            return (s.get(0) + s.get(1) + s.get(2)) / 3;
        }
    }
}
