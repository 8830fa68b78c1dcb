package dev.imagehub.steps.ai;

import org.junit.jupiter.api.Test;

import dev.imagehub.image.ColorManagement;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.wavespeed.AiInput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Files a chain names for a model (faces, masks, references) reach the API in a format it reads. */
class AiImagesTest {

    @Test
    void a_phone_heic_named_for_a_model_is_sent_as_an_upright_srgb_jpeg() throws Exception {
        AiInput sent = AiImages.sendableFile(Fixtures.bytes("heic-grid-p3-1000.heic"), "My Face.HEIC", "face", "swap");
        assertThat(sent.fileName()).isEqualTo("My_Face.jpg");
        assertThat(sent.contentType()).isEqualTo("image/jpeg");
        ImageInfo info = ImageProbe.probe(sent.bytes());
        assertThat(info.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(new int[] {info.width(), info.height(), info.orientation()}).containsExactly(1000, 750, 1);
        assertThat(info.icc() == null || ColorManagement.isSrgb(info.icc())).as("converted from Display P3").isTrue();

        AiInput alpha = AiImages.sendableFile(Fixtures.bytes("heic-alpha-400.heic"), "logo.heic", "image", "edit");
        assertThat(alpha.contentType()).isEqualTo("image/png");
    }

    @Test
    void formats_the_api_reads_go_as_they_are_and_a_broken_heic_names_the_option() throws Exception {
        byte[] jpeg = Fixtures.bytes("photo-sunset-1800.jpg");
        assertThat(AiImages.sendableFile(jpeg, "ref.jpg", "image", "edit").bytes()).isSameAs(jpeg);
        byte[] missing = Fixtures.bytes("heic-missing-tile.heic");
        assertThat(catchThrowable(() -> AiImages.sendableFile(missing, "mask.heic", "mask", "erase")))
                .hasMessageContaining("'mask.heic' (option mask of step erase) cannot be read", "tile 2 of 2");
    }
}
