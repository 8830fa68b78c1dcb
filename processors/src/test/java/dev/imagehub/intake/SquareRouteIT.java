package dev.imagehub.intake;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.ConfirmedFaces;
import dev.imagehub.image.FaceDetector;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.testing.Composites;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped {@code square} hot folder: 1080x1080 smart crops that keep the face, or the sidecar's focus point. */
class SquareRouteIT {

    @TempDir
    Path home;

    @Test
    void should_crop_squares_that_keep_the_face_or_the_focus_point() throws Exception {
        // given a 5000x2160 JPEG: a detailed photo at the left, the portrait at the right (face at about 3587,283 392x392),
        // where a centred square (1420..3580) would miss the face
        byte[] wide;
        try (Mat canvas = Composites.canvas(5000, 2160, 128, 128, 128); Mat astronaut = Composites.decode(Composites.ASTRONAUT);
             Mat detail = Composites.decode("photo-sunset-1800.jpg")) {
            Composites.paste(canvas, detail, 200, 480, 1800, 1200);
            Composites.paste(canvas, astronaut, 2840, 0, 2160, 2160);
            wide = Composites.jpeg(canvas, 90);
        }
        int faceSide = Composites.face(2840, 0, 2160)[2];

        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            // the sidecar goes first, so it is there when its image is picked up
            hub.drop("square", "focused.jpg.json", "{\"focus\": [0.22, 0.5]}".getBytes(StandardCharsets.UTF_8));
            hub.drop("square", "focused.jpg", wide);
            hub.drop("square", "portrait.jpg", wide);
            hub.drop("square", "landscape.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.outbox("square"), 3);
            hub.awaitInboxEmpty("square");
            assertThat(TestHub.files(hub.failed("square"))).isEmpty();

            // then every result is a 1080x1080 JPEG
            for (String name : List.of("focused.jpg", "portrait.jpg", "landscape.jpg")) {
                Path out = hub.outbox("square").resolve(name);
                assertThat(Images.format(out)).isEqualTo(ImageFormat.JPEG);
                assertThat(Images.read(out).getWidth()).as(name).isEqualTo(1080);
                assertThat(Images.read(out).getHeight()).as(name).isEqualTo(1080);
            }
            // the face is in the square, whole: found again at its expected size (the crop is scaled by 1080/2160)
            try (Mat out = Composites.decode(hub.outbox("square").resolve("portrait.jpg"))) {
                List<FaceDetector.Face> faces = ConfirmedFaces.detect(out);
                assertThat(faces).hasSize(1);
                assertThat(faces.get(0).width()).isBetween((int) (faceSide * 0.5 * 0.8), (int) (faceSide * 0.5 * 1.25));
            }
            // the focus point (on the detailed photo at the left) wins over the face
            try (Mat out = Composites.decode(hub.outbox("square").resolve("focused.jpg"))) {
                assertThat(ConfirmedFaces.detect(out)).isEmpty();
            }
            assertThat(hub.done("square").resolve("focused.jpg.json")).exists();

            // the ledger says what decided each crop, and the 5000 px JPEG was decoded at half size
            Map<String, String> resize = details(hub, "resize");
            assertThat(resize.get("portrait.jpg")).contains("cropped 2160x2160+", "(smart: 1 face at ");
            assertThat(resize.get("focused.jpg")).contains("cropped 2160x2160+20+0 (smart: focus point [0.220, 0.500] from focused.jpg.json)");
            assertThat(resize.get("landscape.jpg")).contains("cropped 1200x1200+", "(smart: saliency");
            assertThat(details(hub, "decode").get("portrait.jpg")).contains("decoded at 1/2 scale");
        }
    }

    private static Map<String, String> details(TestHub hub, String step) {
        Map<String, String> byFile = new java.util.HashMap<>();
        for (Map<String, Object> row : hub.sql("SELECT file_name, details FROM usage_log WHERE route = 'hotfolder-square' AND step = ?", step)) {
            byFile.put((String) row.get("file_name"), (String) row.get("details"));
        }
        return byFile;
    }
}
