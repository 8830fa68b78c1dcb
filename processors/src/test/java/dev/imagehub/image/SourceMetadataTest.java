package dev.imagehub.image;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.imagehub.TestImages;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

/** Metadata of PNG and WebP sources (EXIF, ICC, XMP in chunks) reaches the probe, so policies and orientation apply to them too. */
class SourceMetadataTest {

    @Test
    void should_read_icc_and_exif_orientation_from_png_and_webp_chunks() throws Exception {
        // given: real pixels re-encoded by OpenCV, then the P3 profile and an orientation-6 EXIF added as chunks
        byte[] p3 = JpegStructure.parse(Fixtures.bytes("photo-iphone-p3-1000.jpg")).icc();
        byte[] exif = ExifBlocks.withOrientation(ByteOrder.LITTLE_ENDIAN, 6);
        byte[] png;
        byte[] webp;
        try (Mat m = TestImages.decode(Fixtures.bytes("photo-iphone-p3-1000.jpg"), IMREAD_COLOR)) {
            png = PngChunks.withMetadata(TestImages.encode(".png", m), exif, p3, null);
            webp = WebpChunks.withMetadata(TestImages.encode(".webp", m), exif, p3, null);
        }

        for (byte[] file : new byte[][] {png, webp}) {
            // when
            ImageInfo info = ImageProbe.probe(file);

            // then
            assertThat(info.icc()).as(info.format().name()).isEqualTo(p3);
            assertThat(info.orientation()).as(info.format().name()).isEqualTo(6);
            assertThat(info.orientedWidth()).isEqualTo(750);
        }
    }

    @Test
    void should_read_imagemagick_raw_exif_and_png_exif_chunks_from_corpus_pngs() throws Exception {
        Optional<Path> corpus = Fixtures.corpus();
        Assumptions.assumeTrue(corpus.isPresent(), "needs ../shared/corpus");
        // png-lxqt-flowers.png keeps its EXIF as ImageMagick's hex "Raw profile type exif" text, alpha-jxl-flower.png in eXIf
        ImageInfo flowers = ImageProbe.probe(Files.readAllBytes(corpus.get().resolve("real/png-lxqt-flowers.png")));
        ImageInfo pixel = ImageProbe.probe(Files.readAllBytes(corpus.get().resolve("real/alpha-jxl-flower.png")));
        assertThat(TiffBlocks.text(TiffBlocks.read(flowers.exif()).getDirectory(0), 0x0110)).isEqualTo("PENTAX K-7");
        assertThat(ColorManagement.isSrgb(flowers.icc())).isTrue();
        assertThat(TiffBlocks.text(TiffBlocks.read(pixel.exif()).getDirectory(0), 0x0110)).isEqualTo("Pixel 6");
    }
}
