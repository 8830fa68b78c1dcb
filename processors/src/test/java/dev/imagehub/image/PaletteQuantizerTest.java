package dev.imagehub.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.HashSet;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/** Palette PNGs: at most N colours, close to the original, transparency kept, dithering against banding. */
class PaletteQuantizerTest {

    private static byte[] palettePng(WorkingImage image, int colours, boolean dither, int level) throws Exception {
        return IndexedPngWriter.write(PaletteQuantizer.quantize(image.mat(), colours, dither), level);
    }

    private static Set<Integer> distinctArgb(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) colours.add(img.getRGB(x, y));
        return colours;
    }

    /** Mean absolute difference per channel (A, R, G, B) over the image, 0-255. */
    private static double meanError(BufferedImage a, BufferedImage b, int channelShift) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                sum += Math.abs(((a.getRGB(x, y) >>> channelShift) & 0xFF) - ((b.getRGB(x, y) >>> channelShift) & 0xFF));
            }
        }
        return (double) sum / (a.getWidth() * a.getHeight());
    }

    private static double meanColourError(BufferedImage a, BufferedImage b) {
        return (meanError(a, b, 16) + meanError(a, b, 8) + meanError(a, b, 0)) / 3;
    }

    /** Mean difference of 8x8 block averages: what the eye sees from a distance, where dithering should win. */
    private static double blockError(BufferedImage a, BufferedImage b) {
        double total = 0;
        int blocks = 0;
        for (int by = 0; by + 8 <= a.getHeight(); by += 8) {
            for (int bx = 0; bx + 8 <= a.getWidth(); bx += 8) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    long sa = 0;
                    long sb = 0;
                    for (int y = by; y < by + 8; y++) {
                        for (int x = bx; x < bx + 8; x++) {
                            sa += (a.getRGB(x, y) >>> shift) & 0xFF;
                            sb += (b.getRGB(x, y) >>> shift) & 0xFF;
                        }
                    }
                    total += Math.abs(sa - sb) / 64.0;
                }
                blocks++;
            }
        }
        return total / (blocks * 3);
    }

    /** The number of colours in a PNG's PLTE chunk (ImageIO pads the colour model it returns to 2^depth). */
    private static int paletteEntries(byte[] png) {
        for (int i = 12; i + 4 <= png.length; i++) {
            if (png[i] == 'P' && png[i + 1] == 'L' && png[i + 2] == 'T' && png[i + 3] == 'E') {
                return java.nio.ByteBuffer.wrap(png, i - 4, 4).getInt() / 3;
            }
        }
        throw new AssertionError("no PLTE chunk: not a palette PNG");
    }

    private static int pngBitDepth(byte[] png) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
            reader.setInput(in);
            IIOMetadata meta = reader.getImageMetadata(0);
            org.w3c.dom.Node ihdr = ((org.w3c.dom.Element) meta.getAsTree("javax_imageio_png_1.0")).getElementsByTagName("IHDR").item(0);
            String depth = ihdr.getAttributes().getNamedItem("bitDepth").getNodeValue();
            String colourType = ihdr.getAttributes().getNamedItem("colorType").getNodeValue();
            assertThat(colourType).isEqualTo("Palette");
            reader.dispose();
            return Integer.parseInt(depth);
        }
    }

    @Test
    void should_write_a_photo_as_an_indexed_png_with_at_most_256_colours_close_to_the_original() throws Exception {
        try (WorkingImage photo = BudgetEncoderTest.decode("photo-camera-exif-1200.jpg")) {
            byte[] png = palettePng(photo, 256, true, 9);

            BufferedImage read = Images.read(png);
            assertThat(ImageFormat.sniff(png)).isEqualTo(ImageFormat.PNG);
            assertThat(read.getColorModel()).isInstanceOf(IndexColorModel.class);
            assertThat(paletteEntries(png)).isBetween(129, 256);
            assertThat(distinctArgb(read)).hasSizeLessThanOrEqualTo(256).hasSizeGreaterThan(128);
            assertThat(read.getWidth()).isEqualTo(photo.width());
            assertThat(read.getHeight()).isEqualTo(photo.height());
            assertThat(pngBitDepth(png)).isEqualTo(8);
            BufferedImage original = photo.toBufferedImage();
            assertThat(meanColourError(read, original)).as("per-pixel error").isLessThan(6.0);
            assertThat(blockError(read, original)).as("8x8 block error").isLessThan(2.0);
            // and it is much smaller than the full-colour PNG of the same photo
            assertThat(png.length).isLessThan(ImageEncoder.encode(photo, ImageFormat.PNG, new EncodeSettings(), null, null).length * 2 / 3);
        }
    }

    @Test
    void should_pack_16_colours_at_4_bits_per_pixel() throws Exception {
        try (WorkingImage photo = BudgetEncoderTest.decode("photo-sunset-1800.jpg")) {
            byte[] png = palettePng(photo, 16, false, 6);

            BufferedImage read = Images.read(png);
            assertThat(paletteEntries(png)).isBetween(9, 16);
            assertThat(distinctArgb(read)).hasSizeLessThanOrEqualTo(16).hasSizeGreaterThan(8);
            assertThat(pngBitDepth(png)).isEqualTo(4);
            assertThat(meanColourError(read, photo.toBufferedImage())).isLessThan(14.0);
        }
    }

    @Test
    void should_keep_transparency_in_the_palette() throws Exception {
        try (WorkingImage logo = BudgetEncoderTest.decode("alpha-tuxpaint-anemone.png")) {
            assertThat(logo.hasAlpha()).isTrue();
            byte[] png = palettePng(logo, 64, true, 9);

            BufferedImage read = Images.read(png);
            BufferedImage original = logo.toBufferedImage();
            assertThat(read.getColorModel().hasAlpha()).isTrue();
            assertThat(paletteEntries(png)).isBetween(2, 64);
            assertThat(distinctArgb(read)).hasSizeLessThanOrEqualTo(64);
            assertThat(meanError(read, original, 24)).as("alpha error").isLessThan(2.0);
            int transparent = 0;
            int opaque = 0;
            for (int y = 0; y < original.getHeight(); y++) {
                for (int x = 0; x < original.getWidth(); x++) {
                    int a = original.getRGB(x, y) >>> 24;
                    int b = read.getRGB(x, y) >>> 24;
                    if (a == 0) {
                        assertThat(b).as("transparent at %d,%d", x, y).isZero();
                        transparent++;
                    } else if (a == 255) {
                        if (b >= 240) opaque++;
                    }
                }
            }
            assertThat(transparent).as("the fixture has a transparent background").isGreaterThan(10_000);
            assertThat(opaque).isGreaterThan(10_000);
        }
    }

    @Test
    void should_keep_the_exact_colours_of_an_image_that_has_few_enough() throws Exception {
        try (WorkingImage gif = BudgetEncoderTest.decode("gif-go-video-001.gif")) {
            BufferedImage original = gif.toBufferedImage();
            int colours = distinctArgb(original).size();
            assertThat(colours).isLessThanOrEqualTo(256);

            BufferedImage read = Images.read(palettePng(gif, 256, true, 9));

            assertThat(meanColourError(read, original)).as("lossless").isZero();
        }
    }

    @Test
    void should_dither_so_that_gradients_keep_their_average_colour() throws Exception {
        try (WorkingImage photo = BudgetEncoderTest.decode("photo-sunset-1800.jpg")) {
            BufferedImage original = photo.toBufferedImage();

            BufferedImage dithered = Images.read(palettePng(photo, 16, true, 6));
            BufferedImage banded = Images.read(palettePng(photo, 16, false, 6));

            // error diffusion trades per-pixel error for correct local averages
            assertThat(blockError(dithered, original)).isLessThan(blockError(banded, original) * 0.7);
        }
    }

    @Test
    void should_give_the_same_bytes_for_the_same_image() throws Exception {
        try (WorkingImage photo = BudgetEncoderTest.decode("photo-iphone-p3-1000.jpg")) {
            assertThat(palettePng(photo, 128, true, 6)).isEqualTo(palettePng(photo, 128, true, 6));
        }
    }

    @Test
    void should_compress_harder_at_a_higher_png_level() throws Exception {
        try (WorkingImage photo = BudgetEncoderTest.decode("photo-iphone-p3-1000.jpg")) {
            assertThat(palettePng(photo, 256, true, 9).length).isLessThan(palettePng(photo, 256, true, 0).length * 3 / 4);
        }
    }

    @Test
    void should_quantise_grey_images() throws Exception {
        try (WorkingImage photo = BudgetEncoderTest.decode("photo-sunset-1800.jpg");
             WorkingImage grey = convert(photo, COLOR_BGR2GRAY); WorkingImage greyAsBgr = convert(grey, COLOR_GRAY2BGR)) {
            BufferedImage read = Images.read(palettePng(grey, 32, true, 6));

            assertThat(distinctArgb(read)).hasSizeLessThanOrEqualTo(32);
            // compared as BGR: Java2D's getRGB on a TYPE_BYTE_GRAY image applies a gamma curve to the grey values
            assertThat(meanColourError(read, greyAsBgr.toBufferedImage())).isLessThan(6.0);
            for (int x = 0; x < read.getWidth(); x += 97) {
                int rgb = read.getRGB(x, read.getHeight() / 2);
                assertThat((rgb >> 16) & 0xFF).as("grey stays grey").isEqualTo(rgb & 0xFF);
            }
        }
    }

    private static WorkingImage convert(WorkingImage image, int code) {
        Mat out = new Mat();
        cvtColor(image.mat(), out, code);
        return new WorkingImage(out);
    }
}
