package dev.imagehub.intake;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.TestImages;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;

/** The shipped {@code avif} hot folder, booted from the real config: photos in, AVIF out, bad input refused with reasons. */
class AvifRouteIT {

    @TempDir
    Path home;

    @Test
    void should_turn_photos_dropped_into_avif_into_upright_avif_files_a_fraction_of_the_size() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("avif", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("avif", "rotated.jpg", Fixtures.bytes("orient6-picos-800.jpg"));
            hub.drop("avif", "anemone.png", Fixtures.bytes("alpha-tuxpaint-anemone.png"));
            hub.drop("avif", "made-elsewhere.avif", Fixtures.bytes("avif-avifenc-anemone-alpha-irot.avif"));
            hub.awaitFiles(hub.done("avif"), 4);
            hub.awaitFiles(hub.outbox("avif"), 4);

            assertThat(TestHub.names(hub.outbox("avif"))).containsExactly("anemone.avif", "made-elsewhere.avif", "rotated.avif", "sunset.avif");
            for (Path out : TestHub.files(hub.outbox("avif"))) assertThat(Images.format(out)).as("%s", out).isEqualTo(ImageFormat.AVIF);

            // a real photo: same size (under the 2048 px box), close colours, far fewer bytes than the JPEG
            try (WorkingImage avif = decode(hub.outbox("avif").resolve("sunset.avif"));
                 WorkingImage source = decode(Fixtures.bytes("photo-sunset-1800.jpg"))) {
                assertThat(new int[] {avif.width(), avif.height()}).containsExactly(1800, 1200);
                assertThat(meanAbsoluteError(avif.mat(), source.mat())).isLessThan(3.0);
            }
            assertThat(Files.size(hub.outbox("avif").resolve("sunset.avif"))).isLessThan(Fixtures.bytes("photo-sunset-1800.jpg").length / 2);
            // EXIF orientation 6 applied to the pixels (AVIF output carries no EXIF to do it)
            try (WorkingImage rotated = decode(hub.outbox("avif").resolve("rotated.avif"))) {
                assertThat(new int[] {rotated.width(), rotated.height()}).containsExactly(800, 600);
            }
            // transparency kept: the corner of the anemone stays transparent
            try (WorkingImage anemone = decode(hub.outbox("avif").resolve("anemone.avif"))) {
                assertThat(anemone.channels()).isEqualTo(4);
                assertThat(TestImages.pixel(anemone.mat(), 2, 2)[3]).isZero();
                assertThat(TestImages.pixel(anemone.mat(), 300, 260)[3]).isEqualTo(255);
            }
            // an AVIF from avifenc with a rotation box comes out upright, alpha intact
            try (WorkingImage upright = decode(hub.outbox("avif").resolve("made-elsewhere.avif"))) {
                assertThat(new int[] {upright.width(), upright.height()}).containsExactly(520, 600);
                assertThat(upright.channels()).isEqualTo(4);
            }

            List<Map<String, Object>> rows = hub.sql("SELECT step, status, details FROM usage_log WHERE file_name = 'sunset.jpg' ORDER BY step_index");
            assertThat(rows).extracting(r -> r.get("step"))
                    .containsExactly("probe", "decode", "autoOrient", "resize", "convert", "compress", "encode");
            assertThat(rows).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("ok"));
            assertThat((String) rows.get(rows.size() - 1).get("details")).contains("AVIF 1800x1200");
        }
    }

    @Test
    void should_refuse_an_animation_and_an_avif_decompression_bomb_with_reasons() throws Exception {
        // an AVIF whose header claims 30000x30000: refused from the header, before decoding
        byte[] bomb = Fixtures.bytes("avif-avifenc-anemone-alpha-irot.avif").clone();
        int ispe = indexOf(bomb, "ispe");
        ByteBuffer.wrap(bomb, ispe + 8, 8).putInt(30000).putInt(30000);

        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("avif", "animated.gif", Fixtures.bytes("gif-hugin-ca-fringes-animated.gif"));
            hub.drop("avif", "bomb.avif", bomb);
            hub.awaitFiles(hub.failed("avif"), 4);
            hub.awaitInboxEmpty("avif");

            assertThat(TestHub.files(hub.outbox("avif"))).isEmpty();
            assertThat(Files.readString(hub.failed("avif").resolve("animated.gif.error.json")))
                    .contains("animated (3 frames)", "AVIF, which cannot hold an animation", "\"step\" : \"encode\"");
            assertThat(Files.readString(hub.failed("avif").resolve("bomb.avif.error.json")))
                    .contains("30000x30000 (900.0 megapixels)", "\"step\" : \"probe\"");
            assertThat(hub.sql("SELECT step FROM usage_log WHERE file_name = 'bomb.avif'")).extracting(r -> r.get("step")).containsExactly("probe");
        }
    }

    private static WorkingImage decode(Path file) throws Exception {
        return decode(Files.readAllBytes(file));
    }

    // Decoded by the hub (ImageIO has no AVIF reader), upright.
    private static WorkingImage decode(byte[] bytes) throws Exception {
        ImageInfo info = ImageProbe.probe(bytes);
        WorkingImage image = ImageDecoder.decode(bytes, info, 1);
        Orientation.apply(image, info.orientation());
        return image;
    }

    private static double meanAbsoluteError(Mat a, Mat b) {
        try (Mat diff = new Mat()) {
            absdiff(a, b, diff);
            Scalar m = mean(diff);
            return (m.get(0) + m.get(1) + m.get(2)) / 3;
        }
    }

    // Offset of a box's 4-character type; in 'ispe' the 4-byte version/flags follow, then width and height.
    private static int indexOf(byte[] b, String type) {
        outer:
        for (int i = 4; i + type.length() <= b.length; i++) {
            for (int j = 0; j < type.length(); j++) if (b[i + j] != type.charAt(j)) continue outer;
            return i;
        }
        throw new IllegalArgumentException("no " + type + " box");
    }
}
