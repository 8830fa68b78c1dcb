package dev.imagehub.steps.placeholders;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BlurHash encoder against the reference implementation (woltapp/blurhash, MIT): the hash its README publishes for
 * pic1.png, and what its C encoder (C/encode.c at commit 0a1f978, `blurhash_encoder X Y picN.png`) gives for the other
 * test pictures of that repository (fixtures blurhash-pic*.png, see SOURCES.md).
 */
class BlurHashTest {

    @ParameterizedTest(name = "{0} at {1}x{2}")
    @CsvSource(delimiter = ' ', value = {
            "blurhash-pic1.png 4 3 LaJHjmVu8_~po#smR+a~xaoLWCRj",     // published in C/Readme.md
            "blurhash-pic1.png 1 1 00JHjm",
            "blurhash-pic1.png 3 4 TRJHjmR700o#smR+%1oMWCxus:Rj",
            "blurhash-pic4.png 4 3 L08ia?o|fQo|tkfQfQfQfQfQfQfQ",
            "blurhash-pic4.png 3 4 T08ia?o|fQtkfQfQfQfQfQtkfQfQ",
            "blurhash-pic5.png 4 3 L%HV9wj[fQj[~qfQfQfQ%MfQfQfQ",
            "blurhash-pic5.png 3 4 T%HV9wj[fQ~qfQfQ%MfQfQt7fQfQ"})
    void encodes_like_the_reference_implementation(String fixture, int x, int y, String expected) throws Exception {
        byte[] png = Fixtures.bytes(fixture);
        try (WorkingImage image = ImageDecoder.decode(png, ImageProbe.probe(png), 1)) {
            assertThat(BlurHash.encode(rgbIgnoringAlpha(image.mat()), image.width(), image.height(), x, y)).isEqualTo(expected);
        }
    }

    // the reference tool loads pictures as RGB (stb_image with 3 channels), which drops alpha
    private static byte[] rgbIgnoringAlpha(Mat m) {
        int c = m.channels();
        byte[] px = new byte[m.cols() * m.rows() * c];
        m.data().get(px);
        byte[] rgb = new byte[m.cols() * m.rows() * 3];
        for (int i = 0, j = 0; i < px.length; i += c, j += 3) {
            rgb[j] = px[i + 2];
            rgb[j + 1] = px[i + 1];
            rgb[j + 2] = px[i];
        }
        return rgb;
    }
}
