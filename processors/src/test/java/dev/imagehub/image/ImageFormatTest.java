package dev.imagehub.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Formats are recognised by their magic bytes; anything else is explained in words the uploader understands. */
class ImageFormatTest {

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("JPEG", bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'), ImageFormat.JPEG),
                Arguments.of("PNG", bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13), ImageFormat.PNG),
                Arguments.of("GIF87a", ascii("GIF87a\u0001\u0000\u0001\u0000"), ImageFormat.GIF),
                Arguments.of("GIF89a", ascii("GIF89a\u0001\u0000\u0001\u0000"), ImageFormat.GIF),
                Arguments.of("BMP", pad(ascii("BM"), 54), ImageFormat.BMP),
                Arguments.of("TIFF little-endian", bytes('I', 'I', 42, 0, 8, 0, 0, 0), ImageFormat.TIFF),
                Arguments.of("TIFF big-endian", bytes('M', 'M', 0, 42, 0, 0, 0, 8), ImageFormat.TIFF),
                Arguments.of("WebP", ascii("RIFF\u0024\u0000\u0000\u0000WEBPVP8 "), ImageFormat.WEBP),
                Arguments.of("AVIF (major brand avif)", ftyp("avif"), ImageFormat.AVIF),
                Arguments.of("AVIF sequence (major brand avis)", ftyp("avis"), ImageFormat.AVIF),
                Arguments.of("AVIF (mif1 with compatible brand avif)", ftyp("mif1", "miaf", "avif"), ImageFormat.AVIF),
                Arguments.of("HEIC", ftyp("heic"), ImageFormat.HEIF),
                Arguments.of("HEIF (mif1)", ftyp("mif1"), ImageFormat.HEIF),
                Arguments.of("HEIC (mif1 with compatible brand heic)", ftyp("mif1", "heic"), ImageFormat.HEIF),
                Arguments.of("HEIC burst (msf1 with hevc)", ftyp("msf1", "hevc"), ImageFormat.HEIF));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void should_recognise_image_formats_by_magic_bytes(String name, byte[] header, ImageFormat expected) throws BadImageException {
        assertThat(ImageFormat.sniff(header)).isEqualTo(expected);
    }

    static Stream<Arguments> notImages() {
        return Stream.of(
                Arguments.of("empty file", new byte[0], "empty"),
                Arguments.of("plain text", ascii("Hello, this is a note.\nNot a photo.\n"), "contains text"),
                Arguments.of("CSV", ascii("name,size\nphoto.jpg,12\n"), "contains text"),
                Arguments.of("PDF", ascii("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj"), "PDF document"),
                Arguments.of("ZIP", bytes('P', 'K', 3, 4, 20, 0, 0, 0, 8, 0), "ZIP archive"),
                Arguments.of("MP4", ftyp("isom"), "video"),
                Arguments.of("PSD", ascii("8BPS\u0000\u0001"), "PSD"),
                Arguments.of("SVG", ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "SVG"),
                Arguments.of("binary", bytes(0x00, 0x01, 0x02, 0x03, 0xFE, 0x10, 0x00), "unknown or unsupported file type (first bytes 00010203FE1000)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notImages")
    void should_explain_what_a_non_image_file_is(String name, byte[] content, String expectedWords) {
        // when
        BadImageException e = catchThrowableOfType(BadImageException.class, () -> ImageFormat.sniff(content));

        // then
        assertThat(e).as(name).isNotNull();
        assertThat(e.getMessage()).contains(expectedWords);
    }

    @Test
    void should_not_take_tiny_files_with_a_partial_magic_for_images() {
        assertThatThrownBy(() -> ImageFormat.sniff(ascii("BM"))).isInstanceOf(BadImageException.class);
        assertThatThrownBy(() -> ImageFormat.sniff(bytes(0xFF, 0xD8))).isInstanceOf(BadImageException.class);
        assertThatThrownBy(() -> ImageFormat.sniff(ascii("RIFF\u0024\u0000\u0000\u0000WAVEfmt "))).isInstanceOf(BadImageException.class);
    }

    @Test
    void should_resolve_format_names_from_configuration() {
        assertThat(ImageFormat.fromName("jpeg")).isEqualTo(ImageFormat.JPEG);
        assertThat(ImageFormat.fromName(" JPG ")).isEqualTo(ImageFormat.JPEG);
        assertThat(ImageFormat.fromName("tif")).isEqualTo(ImageFormat.TIFF);
        assertThat(ImageFormat.fromName("tiff")).isEqualTo(ImageFormat.TIFF);
        assertThat(ImageFormat.fromName("WebP")).isEqualTo(ImageFormat.WEBP);
        assertThat(ImageFormat.fromName("avif")).isEqualTo(ImageFormat.AVIF);
        assertThat(ImageFormat.fromName("AVIF").extension()).isEqualTo("avif");
        assertThatThrownBy(() -> ImageFormat.fromName("heic")).hasMessageContaining("'heic' can be read but not written");
        assertThatThrownBy(() -> ImageFormat.fromName("HEIF")).hasMessageContaining("can be read but not written");
    }

    /** An ISO-BMFF 'ftyp' box: major brand, minor version 0, then the compatible brands. */
    private static byte[] ftyp(String major, String... compatible) {
        int size = 16 + 4 * compatible.length;
        return pad(ascii("\u0000\u0000\u0000" + (char) size + "ftyp" + major + "\u0000\u0000\u0000\u0000" + String.join("", compatible)), 24);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] pad(byte[] b, int length) {
        return Arrays.copyOf(b, Math.max(length, b.length));
    }
}
