package dev.imagehub.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubServices;
import dev.imagehub.HubSettings;
import dev.imagehub.config.ConfigException;
import dev.imagehub.testing.TestHub;

/** Layout files are checked when loaded: every mistake names the file, the line and the key, and stops the hub at start-up. */
class LayoutCatalogTest {
    @TempDir
    Path home;

    static final String GOOD = """
            description: test
            size: 800x400
            background: { color: primary }
            slots:
              - image: { name: photo, box: [0, 0, 400, 400] }
              - text: { name: headline, box: [420, 20, 360, 200], font: heading, size: 40, minSize: 20 }
              - logo: { name: logo, box: [420, 300, 200, 60] }
            """;

    ConfigException broken(String yaml) throws Exception {
        TestHub.prepareHome(home);
        Path dir = home.resolve("templates/layouts/broken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("layout.yaml"), yaml);
        try {
            LayoutCatalog.load(home);
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo("templates/layouts/broken/layout.yaml");
            return e;
        }
        throw new AssertionError("the layout was accepted:\n" + yaml);
    }

    @Test
    void a_good_layout_loads_with_its_slots() throws Exception {
        TestHub.prepareHome(home);
        Path dir = home.resolve("templates/layouts/good");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("layout.yaml"), GOOD);
        Layout l = LayoutCatalog.load(home).get("good");
        assertThat(l.width()).isEqualTo(800);
        assertThat(l.slots()).extracting(Layout.Slot::name).containsExactly("photo", "headline", "logo");
        assertThat(l.mainImage().name()).isEqualTo("photo");
        assertThat(l.folder()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(LayoutCatalog.load(home).names()).contains("good", "blog-header");
    }

    @Test
    void an_edited_layout_is_read_again() throws Exception {
        TestHub.prepareHome(home);
        Path dir = home.resolve("templates/layouts/good");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("layout.yaml"), GOOD);
        assertThat(LayoutCatalog.load(home).get("good").description()).isEqualTo("test");
        Files.writeString(dir.resolve("layout.yaml"), GOOD.replace("description: test", "description: edited, and longer"));
        assertThat(LayoutCatalog.load(home).get("good").description()).isEqualTo("edited, and longer");
    }

    @Test
    void a_picture_background_of_the_layouts_folder_covers_the_canvas() throws Exception {
        TestHub.prepareHome(home);
        Path dir = home.resolve("templates/layouts/paper");
        Files.createDirectories(dir);
        java.awt.image.BufferedImage paper = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = paper.createGraphics();
        g.setColor(new java.awt.Color(0x3366CC));
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        javax.imageio.ImageIO.write(paper, "png", dir.resolve("paper.png").toFile());
        Files.writeString(dir.resolve("layout.yaml"), GOOD.replace("background: { color: primary }", "background: { image: paper.png }"));
        Layout l = LayoutCatalog.load(home).get("paper");
        assertThat(l.background()).isEqualTo(new Layout.Picture(dir.resolve("paper.png").toAbsolutePath().normalize(), 0));
        try (Rendering r = LayoutRenderer.render(l, RenderRequest.of(null, java.util.Map.of("headline", "Hi"), home))) {
            java.awt.image.BufferedImage out = r.image().toBufferedImage();
            assertThat(out.getRGB(790, 390) & 0xFFFFFF).isEqualTo(0x3366CC);
        }
        ConfigException e = broken(GOOD.replace("background: { color: primary }", "background: { image: ../../../config/brand.yaml }"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("inside the layout's folder");
    }

    @Test
    void unknown_keys_are_named_with_their_line() throws Exception {
        ConfigException e = broken(GOOD.replace("minSize: 20", "minSize: 20, colour: accent"));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.key()).endsWith("colour");
        assertThat(e.getMessage()).contains("unknown key 'colour'").contains("color");
    }

    @Test
    void a_box_outside_the_canvas_is_refused() throws Exception {
        ConfigException e = broken(GOOD.replace("[420, 300, 200, 60]", "[700, 300, 200, 60]"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.key()).endsWith("box");
        assertThat(e.getMessage()).contains("outside the 800x400 canvas");
    }

    @Test
    void colours_fonts_sizes_and_names_are_checked() throws Exception {
        assertThat(broken(GOOD.replace("color: primary", "color: blurple")).getMessage()).contains("blurple").contains("primary");
        assertThat(broken(GOOD.replace("font: heading", "font: fonts/missing.ttf")).getMessage()).contains("missing.ttf");
        assertThat(broken(GOOD.replace("font: heading", "font: NoSuchFamily")).getMessage()).contains("NoSuchFamily");
        ConfigException min = broken(GOOD.replace("minSize: 20", "minSize: 50"));
        assertThat(min.key()).endsWith("minSize");
        assertThat(min.getMessage()).contains("minSize (50) is larger than size (40)");
        ConfigException dup = broken(GOOD.replace("name: logo", "name: headline"));
        assertThat(dup.line()).isEqualTo(7);
        assertThat(dup.getMessage()).contains("'headline' already exists");
        assertThat(broken(GOOD.replace("size: 800x400", "size: big")).getMessage()).contains("1080x1080");
        assertThat(broken(GOOD.replace("- logo:", "- sticker:")).getMessage()).contains("unknown key 'sticker'");
        assertThat(broken(GOOD.replace("box: [0, 0, 400, 400] }", "box: [0, 0, 400, 400], file: texture.png }")).getMessage())
                .contains("texture.png");
        assertThat(broken(GOOD.replace("align", "x") + "  - shape: { box: [0, 0, 10, 10], color: accent, with: price }\n").getMessage())
                .contains("'with' names slot 'price'");
    }

    @Test
    void every_mistake_of_a_layout_is_reported_at_once() throws Exception {
        ConfigException e = broken(GOOD.replace("color: primary", "color: blurple").replace("minSize: 20", "minSize: 20, colour: accent")
                .replace("[420, 300, 200, 60]", "[700, 300, 200, 60]"));
        assertThat(e.problems()).extracting(ConfigException::line).containsExactlyInAnyOrder(3, 6, 7);
        assertThat(e.problems()).extracting(ConfigException::getMessage).anySatisfy(m -> assertThat(m).contains("blurple"))
                .anySatisfy(m -> assertThat(m).contains("unknown key 'colour'; did you mean 'color'?"))
                .anySatisfy(m -> assertThat(m).contains("outside the 800x400 canvas"));
    }

    @Test
    void a_broken_layout_stops_the_hub_at_start_up() throws Exception {
        broken(GOOD.replace("maxLines", "x").replace("size: 40", "size: forty"));
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("templates/layouts/broken/layout.yaml").hasMessageContaining("forty");
    }
}
