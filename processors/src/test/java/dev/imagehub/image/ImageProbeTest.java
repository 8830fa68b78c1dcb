package dev.imagehub.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import dev.imagehub.TestImages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Header-only probing: size, format and metadata are known before any pixel memory is committed. */
class ImageProbeTest {

    @Test
    void should_read_huge_png_dimensions_from_the_header_alone() throws BadImageException {
        // given a PNG that declares 30000x30000 pixels but holds no pixel data at all (it could not be decoded)
        byte[] png = pngHeaderOnly(30_000, 30_000);

        // when
        ImageInfo info = ImageProbe.probe(png);

        // then
        assertThat(info.format()).isEqualTo(ImageFormat.PNG);
        assertThat(info.width()).isEqualTo(30_000);
        assertThat(info.height()).isEqualTo(30_000);
        assertThat(info.megapixels()).isEqualTo(900.0);
        assertThat(info.orientation()).isEqualTo(1);
    }

    @Test
    void should_read_jpeg_size_orientation_and_metadata() throws BadImageException {
        // given
        byte[] jpeg;
        try (Mat image = TestImages.noise(60, 40, 3, 1)) {
            jpeg = TestImages.encode(".jpg", image);
        }
        byte[] exif = ExifBlocks.withOrientation(ByteOrder.BIG_ENDIAN, 6);
        byte[] withExif = JpegStructure.withMetadata(jpeg, exif, null);

        // when
        ImageInfo info = ImageProbe.probe(withExif);

        // then
        assertThat(info.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(info.width()).isEqualTo(60);
        assertThat(info.height()).isEqualTo(40);
        assertThat(info.orientation()).isEqualTo(6);
        assertThat(info.orientedWidth()).isEqualTo(40);
        assertThat(info.orientedHeight()).isEqualTo(60);
        assertThat(info.exif()).isEqualTo(exif);
        assertThat(info.components()).isEqualTo(3);
    }

    @Test
    void should_read_gif_size_with_imageio() throws IOException, BadImageException {
        // given
        BufferedImage img = new BufferedImage(33, 21, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 33, 21);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "gif", out);

        // when
        ImageInfo info = ImageProbe.probe(out.toByteArray());

        // then
        assertThat(info.format()).isEqualTo(ImageFormat.GIF);
        assertThat(info.width()).isEqualTo(33);
        assertThat(info.height()).isEqualTo(21);
    }

    @Test
    void should_refuse_a_png_whose_header_is_cut_off() {
        // given
        byte[] png = java.util.Arrays.copyOf(pngHeaderOnly(10, 10), 12);

        // when
        BadImageException e = catchThrowableOfType(BadImageException.class, () -> ImageProbe.probe(png));

        // then
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("PNG", "damaged or truncated");
    }

    /** PNG signature, an IHDR chunk (8-bit RGB) with a correct CRC, and IEND: a valid header with no IDAT. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).order(ByteOrder.BIG_ENDIAN);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
