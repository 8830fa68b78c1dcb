package dev.imagehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.steps.ai.ContactSheet;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

/** {@code hub templates} end to end: lists the layouts with their slots and renders a contact sheet of all seven (an integration test). */
class TemplatesCommandIT {
    @TempDir
    Path home;

    @Test
    void lists_the_layouts_and_draws_a_sheet_of_all_seven() throws Exception {
        TestHub.prepareHome(home);
        Path photo = home.resolve("sunset.jpg");
        Files.write(photo, Fixtures.bytes("photo-sunset-1800.jpg"));
        Path sheet = home.resolve("sheet.png");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = TemplatesCommand.print(home, new String[] {"--sheet", sheet.toString(), "--photo", photo.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("blog-header          1200x630").contains("title text (required)").contains("photo image (the chain's image)")
                .contains("Contact sheet: " + sheet);
        BufferedImage img = Images.read(sheet);
        int[] expected = ContactSheet.size(7);
        assertThat(img.getWidth()).isEqualTo(expected[0]);
        assertThat(img.getHeight()).isEqualTo(expected[1]);
    }

    @Test
    void a_photo_for_an_unknown_layout_is_refused() throws Exception {
        TestHub.prepareHome(home);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = TemplatesCommand.print(home, new String[] {"--sheet", home.resolve("x.png").toString(), "--photo", "blog-headr=x.jpg"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("'blog-headr', which does not exist");
        assertThat(home.resolve("x.png")).doesNotExist();
    }
}
