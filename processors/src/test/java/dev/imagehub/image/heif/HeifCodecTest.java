package dev.imagehub.image.heif;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.BadImageException;
import dev.imagehub.image.ColorManagement;
import dev.imagehub.image.ExifOrientation;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Resampler;
import dev.imagehub.image.SourceMetadata;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

/**
 * HEIC as phones write it (fixtures made by make-heic.py from committed photos, see SOURCES.md): a grid of 512x512
 * HEVC tiles shown through irot/imir, a Display P3 profile, EXIF that repeats the rotation, XMP; a single image; an
 * alpha plane; and damaged files. The pixels are compared with the photo the fixture was made from and, where Debian's
 * libvips is installed (.ci/run installs it), with libvips' own rendering of the same file (libheif).
 */
class HeifCodecTest {

    @TempDir
    Path dir;

    @Test
    void a_phone_style_grid_decodes_upright_once_with_its_profile_exif_and_xmp() throws Exception {
        byte[] heic = Fixtures.bytes("heic-grid-p3-1000.heic");
        ImageInfo info = ImageProbe.probe(heic);
        assertThat(info.format()).isEqualTo(ImageFormat.HEIF);
        // stored 750x1000 and shown turned (irot 3); the EXIF says 6 as well, and must not turn it a second time
        assertThat(new int[] {info.width(), info.height(), info.orientation()}).containsExactly(1000, 750, 1);
        assertThat(ExifOrientation.read(info.exif())).isEqualTo(1);
        assertThat(ColorManagement.describe(info.icc())).contains("P3");
        assertThat(new String(SourceMetadata.xmp(heic, ImageFormat.HEIF), StandardCharsets.UTF_8)).contains("Autumn lake");

        try (WorkingImage decoded = ImageDecoder.decode(heic, info, 1); Mat source = decoded("photo-iphone-p3-1000.jpg")) {
            assertThat(new int[] {decoded.width(), decoded.height(), decoded.channels()}).containsExactly(1000, 750, 3);
            // the P3 values themselves (the profile converts them later, as for a JPEG): HEVC at quality 50 loses little
            assertThat(meanAbsoluteError(decoded.mat(), source)).isLessThan(3.0);
            libheif(heic).ifPresent(ref -> assertThat(meanAbsoluteError(decoded.mat(), ref)).as("against libheif").isLessThan(1.0));
        }
    }

    @Test
    void rotation_and_mirroring_are_applied_as_libheif_applies_them() throws Exception {
        // irot 1 then imir 0 (top and bottom exchanged): the stored pixels were turned and flipped the other way
        byte[] heic = Fixtures.bytes("heic-grid-mirror-600.heic");
        try (WorkingImage decoded = ImageDecoder.decode(heic, ImageProbe.probe(heic), 1); Mat source = decoded("photo-sunset-1800.jpg");
             Mat small = Resampler.resize(source, 600, 400); Mat upsideDown = new Mat()) {
            assertThat(new int[] {decoded.width(), decoded.height()}).containsExactly(600, 400);
            assertThat(meanAbsoluteError(decoded.mat(), small)).isLessThan(3.0);
            // the other reading of imir's axis gives the picture upside down: far from the photo
            rotate(small, upsideDown, ROTATE_180);
            assertThat(meanAbsoluteError(decoded.mat(), upsideDown)).isGreaterThan(15.0);
            libheif(heic).ifPresent(ref -> assertThat(meanAbsoluteError(decoded.mat(), ref)).as("against libheif").isLessThan(1.0));
        }
    }

    @Test
    void a_single_image_and_an_alpha_plane_decode_too() throws Exception {
        byte[] single = Fixtures.bytes("heic-single-640.heic");
        try (WorkingImage decoded = ImageDecoder.decode(single, ImageProbe.probe(single), 1); Mat source = decoded("photo-sunset-1800.jpg");
             Mat small = Resampler.resize(source, 640, 427)) {
            assertThat(HeifImage.parse(single).grid()).isFalse();
            assertThat(meanAbsoluteError(decoded.mat(), small)).isLessThan(3.0);
        }
        byte[] alpha = Fixtures.bytes("heic-alpha-400.heic");
        ImageInfo info = ImageProbe.probe(alpha);
        try (WorkingImage decoded = ImageDecoder.decode(alpha, info, 1); Mat source = decoded("alpha-tuxpaint-anemone.png");
             Mat small = Resampler.resize(source, 400, 347); Mat a = new Mat(); Mat b = new Mat()) {
            assertThat(decoded.channels()).isEqualTo(4);
            extractChannel(decoded.mat(), a, 3);
            extractChannel(small, b, 3);
            assertThat(meanAbsoluteError(a, b)).as("alpha").isLessThan(3.0);
        }
    }

    @Test
    void colour_given_only_as_nclx_code_points_is_converted_like_an_embedded_profile() throws Exception {
        // Display P3 pixel values described by nclx (primaries 12, sRGB transfer) instead of an ICC profile
        byte[] heic = Fixtures.bytes("heic-nclx-p3-640.heic");
        ImageInfo info = ImageProbe.probe(heic);
        assertThat(info.icc()).as("a profile made from the nclx box").isNotNull();
        assertThat(ColorManagement.describe(info.icc())).isEqualTo("nclx Display P3");
        assertThat(ColorManagement.isSrgb(info.icc())).isFalse();

        // the same photo, its own Display P3 ICC profile converting it: the two conversions must agree
        byte[] jpeg = Fixtures.bytes("photo-iphone-p3-1000.jpg");
        byte[] appleP3 = ImageProbe.probe(jpeg).icc();
        try (WorkingImage fromNclx = ImageDecoder.decode(heic, info, 1); Mat source = decoded("photo-iphone-p3-1000.jpg");
             WorkingImage fromIcc = new WorkingImage(Resampler.resize(source, 640, 480))) {
            ColorManagement.toSrgb(fromNclx, info.icc());
            ColorManagement.toSrgb(fromIcc, appleP3);
            assertThat(meanAbsoluteError(fromNclx.mat(), fromIcc.mat())).isLessThan(3.0);
        }
        // on exact colours (no HEVC loss) the made profile and Apple's agree to within a level
        try (Mat ramp = colourRamp(); WorkingImage a = new WorkingImage(ramp.clone()); WorkingImage b = new WorkingImage(ramp.clone())) {
            ColorManagement.toSrgb(a, info.icc());
            ColorManagement.toSrgb(b, appleP3);
            assertThat(meanAbsoluteError(a.mat(), b.mat())).isLessThan(1.0);
            assertThat(meanAbsoluteError(a.mat(), ramp)).as("P3 values do change on the way to sRGB").isGreaterThan(2.0);
        }
        // code points that mean sRGB need no profile; unknown ones are taken as sRGB, as browsers do
        assertThat(dev.imagehub.image.NclxProfile.forCodePoints(1, 13)).isNull();
        assertThat(dev.imagehub.image.NclxProfile.forCodePoints(2, 2)).isNull();
        assertThat(ColorManagement.describe(dev.imagehub.image.NclxProfile.forCodePoints(9, 1))).isEqualTo("nclx BT.2020");
    }

    // every 8-bit colour on a 16-step grid, 17x17x17 pixels
    private static Mat colourRamp() {
        byte[] px = new byte[17 * 17 * 17 * 3];
        int i = 0;
        for (int b = 0; b <= 256; b += 16) for (int g = 0; g <= 256; g += 16) for (int r = 0; r <= 256; r += 16) {
            px[i++] = (byte) Math.min(255, b);
            px[i++] = (byte) Math.min(255, g);
            px[i++] = (byte) Math.min(255, r);
        }
        Mat m = new Mat(17 * 17, 17, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
        m.data().put(px);
        return m;
    }

    @Test
    void damaged_files_fail_with_a_reason_before_anything_large_is_allocated() throws Exception {
        // a grid whose second tile is not in the file
        byte[] missing = Fixtures.bytes("heic-missing-tile.heic");
        assertThat(reason(() -> ImageProbe.probe(missing))).contains("tile 2 of 2", "missing");

        // cut short in the coded data (an interrupted copy): the header reads, the tiles beyond the cut do not
        byte[] grid = Fixtures.bytes("heic-grid-p3-1000.heic");
        byte[] cut = Arrays.copyOf(grid, grid.length * 2 / 3);
        assertThat(reason(() -> ImageDecoder.decode(cut, ImageProbe.probe(cut), 1))).contains("truncated", "tile");

        // cut in the header
        byte[] header = Arrays.copyOf(grid, 200);
        assertThat(reason(() -> ImageProbe.probe(header))).contains("HEIF", "truncated");

        // a consistent header for 60000x60000 (121 tiles of 5952x5952, all pointing at one small tile): the size is what
        // the probe reports, so the megapixel limit refuses it before decoding
        ImageInfo bomb = ImageProbe.probe(Fixtures.bytes("heic-bomb-60000.heic"));
        assertThat(new int[] {bomb.width(), bomb.height()}).containsExactly(60000, 60000);
        assertThat(bomb.megapixels()).isEqualTo(3600.0);

        // an image sequence (a 'msf1' track) with no still image
        byte[] sequence = sequence(3);
        assertThat(ImageFormat.sniff(sequence)).isEqualTo(ImageFormat.HEIF);
        assertThat(reason(() -> ImageProbe.probe(sequence))).contains("image sequence (3 frames)", "no still image");
    }

    @Test
    void heic_is_read_but_never_written() {
        assertThat(ImageFormat.HEIF.whenKept()).isEqualTo(ImageFormat.JPEG);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> ImageFormat.fromName("heic")).getMessage())
                .contains("can be read but not written");
    }

    // ftyp msf1 + moov/trak/mdia/minf/stbl/stsz with `frames` samples: what a burst or clip saved as HEIF looks like
    private static byte[] sequence(int frames) {
        byte[] stsz = box("stsz", concat(new byte[4], u32(0), u32(frames)));
        byte[] moov = box("moov", box("trak", box("mdia", box("minf", box("stbl", stsz)))));
        return concat(box("ftyp", concat("msf1".getBytes(StandardCharsets.US_ASCII), u32(0), "msf1hevc".getBytes(StandardCharsets.US_ASCII))),
                moov, box("mdat", new byte[16]));
    }

    private static byte[] box(String type, byte[] body) {
        return concat(u32(8 + body.length), type.getBytes(StandardCharsets.US_ASCII), body);
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private interface Decoding {
        void run() throws Exception;
    }

    private static String reason(Decoding d) {
        BadImageException e = catchThrowableOfType(BadImageException.class, d::run);
        assertThat(e).as("a BadImageException").isNotNull();
        return e.getMessage();
    }

    // a committed image decoded by the hub, as stored (no profile conversion)
    private static Mat decoded(String fixture) throws Exception {
        byte[] bytes = Fixtures.bytes(fixture);
        try (WorkingImage img = ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1)) {
            return img.mat().clone();
        }
    }

    // libvips' rendering of the same file (through libheif), where Debian's vips is installed
    private java.util.Optional<Mat> libheif(byte[] heic) throws Exception {
        Path in = Files.write(dir.resolve("in.heic"), heic);
        Path out = dir.resolve("libheif.png");
        try {
            Process p = new ProcessBuilder("vips", "copy", in.toString(), out.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("vips.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(out)) return java.util.Optional.empty();
        } catch (java.io.IOException notInstalled) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(imread(out.toString(), IMREAD_UNCHANGED));
    }

    private static double meanAbsoluteError(Mat a, Mat b) {
        try (Mat diff = new Mat()) {
            absdiff(a, b, diff);
            Scalar m = mean(diff);
            int n = a.channels();
            double sum = 0;
            for (int c = 0; c < n; c++) sum += m.get(c);
            return sum / n;
        }
    }
}
