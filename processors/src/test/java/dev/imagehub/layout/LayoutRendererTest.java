package dev.imagehub.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Font;
import java.awt.Rectangle;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.image.Rgba;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.testing.TestHub;

/**
 * Every shipped layout rendered with real photos and short, very long and non-Latin texts: text ink stays inside its
 * box (checked on the pixels against a render without the texts, and on the recorded inked bounds), long texts shrink
 * and short ones do not, colours are the brand's, glyphs come from the shipped font files, RTL text starts at the right.
 */
class LayoutRendererTest {
    static final String SHORT = "Hello";
    static final String LONG = "An extraordinarily long headline that keeps going well past anything a designer planned for, with "
            + "several clauses, a list of places (Lisbon, Kraków, Reykjavík, Thessaloniki), some numbers like 2026 and 1,080 px, and "
            + "still more words after that, because real campaign copy is often pasted straight from a brief without being edited "
            + "down to fit, and the template must cope gracefully instead of overflowing or failing the whole job";
    static final String CYRILLIC = "Съешь же ещё этих мягких французских булок, да выпей чаю";
    static final String GREEK = "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία";
    static final String ARABIC = "نص حكيم له سر قاطع وذو شأن عظيم";
    static final String HEBREW = "דג סקרן שט בים מאוכזב ולפתע מצא חברה";
    static final List<String> TEXTS = List.of(SHORT, LONG, CYRILLIC, GREEK, ARABIC, HEBREW);
    static final Map<String, String> PHOTOS = Map.of("blog-header", "photo-sunset-1800.jpg", "instagram-post", "photo-wine-portrait-1800.jpg",
            "instagram-story", "portrait-astronaut-512.jpg", "product-showcase", "alpha-tuxpaint-anemone.png");

    static Path home;
    static LayoutCatalog catalog;
    static Map<String, WorkingImage> photos = new HashMap<>();

    @BeforeAll
    static void load() {
        home = Renders.home();
        catalog = LayoutCatalog.load(home);
        for (String f : new java.util.TreeSet<>(PHOTOS.values())) photos.put(f, Renders.photo(f));
    }

    @AfterAll
    static void close() {
        photos.values().forEach(WorkingImage::close);
    }

    static WorkingImage photoFor(String layout) {
        return photos.get(PHOTOS.getOrDefault(layout, "photo-sunset-1800.jpg"));
    }

    static Rendering render(String layout, Map<String, String> values) {
        return LayoutRenderer.render(catalog.get(layout), new RenderRequest(0, 0, photoFor(layout), values, BrandKit.load(home), home, Map.of(), null));
    }

    static List<Layout.TextSlot> textSlots(Layout l) {
        return l.slots().stream().filter(s -> s instanceof Layout.TextSlot).map(s -> (Layout.TextSlot) s).toList();
    }

    @Test
    void the_seven_layouts_ship() {
        assertThat(catalog.names()).containsExactlyInAnyOrder("blog-header", "instagram-post", "instagram-story", "quote-card", "email-header",
                "announcement-banner", "product-showcase");
        for (String n : catalog.names()) {
            Layout l = catalog.get(n);
            assertThat(l.description()).as(n).isNotBlank();
            assertThat(l.slots().stream().filter(s -> s instanceof Layout.LogoSlot)).as(n + " has a logo slot").isNotEmpty();
        }
        assertThat(catalog.get("blog-header").width()).isEqualTo(1200);
        assertThat(catalog.get("instagram-story").height()).isEqualTo(1920);
        assertThat(catalog.get("email-header").height()).isEqualTo(200);
    }

    @Test
    void long_text_shrinks_and_short_text_keeps_its_size() {
        Layout layout = catalog.get("instagram-post");
        Layout.TextSlot headline = (Layout.TextSlot) layout.slot("headline");
        try (Rendering shortR = render("instagram-post", Map.of("headline", "Fresh", "subline", "x"));
             Rendering longR = render("instagram-post", Map.of("headline", "A somewhat longer headline that needs two lines at least", "subline", "x"))) {
            assertThat(text(shortR, "headline").fontSize()).isEqualTo(headline.size());
            assertThat(text(longR, "headline").fontSize()).isLessThan(headline.size()).isGreaterThanOrEqualTo(headline.minSize());
            assertThat(text(longR, "headline").text()).contains("\n");
            assertThat(longR.notes()).anyMatch(n -> n.startsWith("headline:") && n.contains("shrunk"));
            assertThat(shortR.notes()).noneMatch(n -> n.startsWith("headline:") && n.contains("shrunk"));
        }
    }

    @Test
    void text_that_cannot_fit_ends_in_an_ellipsis_or_fails_when_asked() {
        try (Rendering r = render("instagram-post", Map.of("headline", LONG))) {
            RenderedLayout.Text t = text(r, "headline");
            assertThat(t.text()).endsWith("\u2026");
            assertThat(t.text().split("\n")).hasSize(2);
            assertThat(t.fontSize()).isEqualTo(((Layout.TextSlot) catalog.get("instagram-post").slot("headline")).minSize());
            assertThat(r.notes()).anyMatch(n -> n.startsWith("headline:") && n.contains("ellipsis"));
        }
        RenderRequest failing = new RenderRequest(0, 0, photoFor("instagram-post"), Map.of("headline", LONG), BrandKit.load(home), home, Map.of(),
                null, Layout.Overflow.FAIL, null);
        assertThatThrownBy(() -> LayoutRenderer.render(catalog.get("instagram-post"), failing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text slot 'headline'").hasMessageContaining("minSize").hasMessageContaining("overflow: ellipsis");
    }

    @Test
    void line_breaks_in_the_value_start_new_lines_and_the_cut_falls_on_the_last_one() {
        try (Rendering r = render("email-header", Map.of("title", "Welcome\n   " + LONG))) {
            String[] lines = text(r, "title").text().split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).isEqualTo("Welcome");
            assertThat(lines[1]).startsWith("An extra").endsWith("\u2026");
        }
    }

    @Test
    void a_shape_written_with_a_slot_shows_only_with_its_value() {
        Layout.ShapeSlot pill = (Layout.ShapeSlot) catalog.get("instagram-story").slots().stream()
                .filter(sl -> sl instanceof Layout.ShapeSlot sh && "cta".equals(sh.with())).findFirst().orElseThrow();
        Rgba accent = BrandKit.load(home).color("accent");
        int x = pill.box().x() + 8;
        int y = pill.box().y() + pill.box().height() / 2;
        try (Rendering with = render("instagram-story", Map.of("headline", "Hi", "cta", "Read"));
             Rendering without = render("instagram-story", Map.of("headline", "Hi"));
             Rendering hidden = render("instagram-story", Map.of("headline", "Hi", "cta", "none"))) {
            assertThat(rgb(with.image().toBufferedImage(), x, y)).isEqualTo(accent);
            assertThat(rgb(without.image().toBufferedImage(), x, y)).isNotEqualTo(accent);
            assertThat(changedOutside(without, hidden, List.of())).isZero();
        }
    }

    @Test
    void a_word_longer_than_the_box_is_broken_rather_than_overflowing() {
        String word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen";
        try (Rendering r = render("email-header", Map.of("title", word))) {
            RenderedLayout.Text t = text(r, "title");
            assertThat(inside(t.inked(), t.box())).isTrue();
            assertThat(t.text().replace("\n", "").replace("\u2026", "")).isNotEmpty();
            assertThat(word).startsWith(t.text().split("\n")[0]);
        }
    }

    @Test
    void brand_colours_come_from_config_brand_yaml(@TempDir Path tmp) throws Exception {
        TestHub.prepareHome(tmp);
        Path brand = tmp.resolve("config/brand.yaml");
        Files.writeString(brand, Files.readString(brand).replace("\"#1F4E79\"", "\"#0B6E4F\"").replace("\"#F7F4EE\"", "\"#FFE66D\""));
        LayoutCatalog other = LayoutCatalog.load(tmp);
        RenderRequest req = new RenderRequest(0, 0, photoFor("instagram-post"), Map.of("headline", "Green and yellow"), BrandKit.load(tmp), tmp,
                Map.of(), null);
        try (Rendering r = LayoutRenderer.render(other.get("instagram-post"), req)) {
            BufferedImage img = r.image().toBufferedImage();
            assertThat(rgb(img, 5, 1075)).as("the band is the new primary").isEqualTo(new Rgba(0x0B, 0x6E, 0x4F, 255));
            RenderedLayout.Text t = text(r, "headline");
            assertThat(t.color()).isEqualTo(new Rgba(0xFF, 0xE6, 0x6D, 255));
            assertThat(count(img, t.inked(), new Rgba(0xFF, 0xE6, 0x6D, 255))).as("solid glyph pixels in the new light colour").isGreaterThan(200);
        }
        // and the shipped brand draws the shipped primary
        try (Rendering r = render("instagram-post", Map.of("headline", "Blue"))) {
            assertThat(rgb(r.image().toBufferedImage(), 5, 1075)).isEqualTo(new Rgba(0x1F, 0x4E, 0x79, 255));
            RenderedLayout.Text t = text(r, "headline");
            assertThat(count(r.image().toBufferedImage(), t.inked(), new Rgba(0xF7, 0xF4, 0xEE, 255))).isGreaterThan(200);
        }
    }

    @Test
    void glyphs_come_from_the_shipped_font_files() throws Exception {
        String word = "Hamburgefonstiv";
        Layout.TextSlot title = (Layout.TextSlot) catalog.get("email-header").slot("title");
        try (Rendering r = render("email-header", Map.of("title", word))) {
            RenderedLayout.Text t = text(r, "title");
            assertThat(t.fontSize()).isEqualTo(title.size());
            assertThat(t.bold()).isTrue();
            int bold = inkWidth(home.resolve("templates/fonts/DejaVuSans-Bold.ttf"), word, t.fontSize());
            int regular = inkWidth(home.resolve("templates/fonts/DejaVuSans.ttf"), word, t.fontSize());
            assertThat(Math.abs(bold - regular)).as("the two faces differ measurably").isGreaterThan(10);
            assertThat(t.inked().width()).isBetween(bold - 1, bold + 1);
        }
    }

    @Test
    void right_to_left_text_starts_at_the_right_and_arabic_letters_join() {
        Layout.TextSlot title = (Layout.TextSlot) catalog.get("email-header").slot("title");
        try (Rendering he = render("email-header", Map.of("title", "שלום"));
             Rendering en = render("email-header", Map.of("title", "Shalom"))) {
            RenderedLayout.Text h = text(he, "title");
            RenderedLayout.Text e = text(en, "title");
            int boxRight = h.box().x() + h.box().width();
            assertThat(boxRight - (h.inked().x() + h.inked().width())).as("Hebrew ends at the box's right edge").isLessThanOrEqualTo(2);
            assertThat(h.inked().x() - h.box().x()).as("and is far from its left edge").isGreaterThan(200);
            assertThat(e.inked().x() - e.box().x()).as("Latin starts at the left edge").isLessThanOrEqualTo(2);
            assertThat(title.align()).isEqualTo("left");
        }
        // four behs joined are much narrower than four isolated ones: the engine shaped them
        try (Rendering joined = render("email-header", Map.of("title", "\u0628\u0628\u0628\u0628"));
             Rendering isolated = render("email-header", Map.of("title", "\u0628 \u0628 \u0628 \u0628"))) {
            int j = text(joined, "title").inked().width();
            int single;
            try (Rendering one = render("email-header", Map.of("title", "\u0628"))) {
                single = text(one, "title").inked().width();
            }
            assertThat(j).as("joined width vs 4 isolated letters").isLessThan(4 * single * 3 / 4);
            assertThat(text(isolated, "title").inked().width()).isGreaterThan(j);
        }
    }

    @Test
    void cjk_uses_an_installed_font_when_one_has_the_glyphs() {
        boolean available = java.util.Arrays.stream(java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts())
                .anyMatch(f -> f.canDisplay('\u4E2D') && f.canDisplay('\u6587'));
        org.junit.jupiter.api.Assumptions.assumeTrue(available, "no installed font draws CJK here");
        try (Rendering r = render("instagram-post", Map.of("headline", "中文标题测试，一个很长的句子用来检查换行是否正确工作"))) {
            RenderedLayout.Text t = text(r, "headline");
            assertThat(inside(t.inked(), t.box())).isTrue();
            assertThat(t.inked().width()).isGreaterThan(300);
        }
    }

    @Test
    void characters_no_font_can_draw_fail_the_render_by_name() {
        assertThatThrownBy(() -> render("instagram-post", Map.of("headline", "Hello \u0378 world"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0378").hasMessageContaining("headline").hasMessageContaining("fallbacks");
    }

    @Test
    void a_required_text_without_a_value_names_the_slot_and_the_three_ways_to_give_it() {
        assertThatThrownBy(() -> render("blog-header", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'title'").hasMessageContaining("sidecar JSON").hasMessageContaining("chain's values")
                .hasMessageContaining("default");
    }

    @Test
    void renders_at_other_sizes_with_boxes_scaled_and_text_still_inside() {
        Layout layout = catalog.get("blog-header");
        for (int[] wh : new int[][] {{600, 315}, {1080, 1080}, {1600, 900}}) {
            RenderRequest req = new RenderRequest(wh[0], wh[1], photoFor("blog-header"), Map.of("title", LONG, "subtitle", CYRILLIC),
                    BrandKit.load(home), home, Map.of(), null);
            try (Rendering r = LayoutRenderer.render(layout, req)) {
                assertThat(r.image().width()).isEqualTo(wh[0]);
                assertThat(r.image().height()).isEqualTo(wh[1]);
                assertThat(r.layout().pictures()).singleElement().satisfies(p -> assertThat(p.box()).isEqualTo(new RenderedLayout.Box(0, 0, wh[0], wh[1])));
                for (RenderedLayout.Text t : r.layout().texts()) {
                    assertThat(inside(t.inked(), t.box())).as(wh[0] + "x" + wh[1] + " " + t.slot()).isTrue();
                }
                RenderedLayout.Logo logo = r.layout().logos().get(0);
                assertThat(Math.abs(logo.box().width() * 144.0 / 640 - logo.box().height())).as("the logo keeps its aspect: " + logo.box())
                        .isLessThanOrEqualTo(1.0);
            }
        }
    }

    @Test
    void slot_overrides_and_a_background_override_apply_and_are_checked() {
        Layout layout = catalog.get("instagram-post");
        Map<String, Map<String, String>> over = Map.of("headline", Map.of("color", "accent"), "photo", Map.of("fit", "fill", "gravity", "top"));
        RenderRequest req = new RenderRequest(0, 0, photoFor("instagram-post"), Map.of("headline", "Coral"), BrandKit.load(home), home, over,
                new Layout.Solid("secondary"));
        try (Rendering r = LayoutRenderer.render(layout, req)) {
            assertThat(text(r, "headline").color()).isEqualTo(BrandKit.load(home).color("accent"));
            assertThat(r.notes()).anyMatch(n -> n.equals("photo: the chain's image (fill)"));
        }
        RenderRequest badKey = new RenderRequest(0, 0, null, Map.of("headline", "x"), BrandKit.load(home), home,
                Map.of("headline", Map.of("colour", "accent")), null);
        assertThatThrownBy(() -> LayoutRenderer.render(layout, badKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("override of slot 'headline'").hasMessageContaining("unknown key 'colour'");
        RenderRequest badSlot = new RenderRequest(0, 0, null, Map.of("headline", "x"), BrandKit.load(home), home,
                Map.of("title", Map.of("color", "accent")), null);
        assertThatThrownBy(() -> LayoutRenderer.render(layout, badSlot)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no slot 'title'").hasMessageContaining("headline");
        RenderRequest badColour = new RenderRequest(0, 0, null, Map.of("headline", "x"), BrandKit.load(home), home,
                Map.of("headline", Map.of("color", "blurple")), null);
        assertThatThrownBy(() -> LayoutRenderer.render(layout, badColour)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blurple");
    }

    @Test
    void none_hides_a_slot_and_a_logo_slot_left_empty_is_reported_missing() {
        try (Rendering r = render("product-showcase", Map.of("name", "Vase", "price", "none", "logo", "none"))) {
            assertThat(r.layout().texts()).extracting(RenderedLayout.Text::slot).containsExactly("name");
            assertThat(r.layout().missing()).containsExactly("logo");
            assertThat(r.layout().logos()).isEmpty();
        }
        try (Rendering r = render("product-showcase", Map.of("name", "Vase", "price", "$9"))) {
            assertThat(r.layout().logos()).singleElement().satisfies(l -> assertThat(l.lightVariant()).as("light ground: dark logo").isFalse());
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    static RenderedLayout.Text text(Rendering r, String slot) {
        return r.layout().texts().stream().filter(t -> t.slot().equals(slot)).findFirst().orElseThrow();
    }

    static boolean inside(RenderedLayout.Box in, RenderedLayout.Box box) {
        return in.x() >= box.x() && in.y() >= box.y() && in.x() + in.width() <= box.x() + box.width() && in.y() + in.height() <= box.y() + box.height();
    }

    // boxes where text may change pixels: the text boxes and the shapes that show only with a text (a badge behind its price)
    static List<RenderedLayout.Box> allowed(Layout layout, Rendering r) {
        double sx = (double) r.layout().width() / layout.width();
        double sy = (double) r.layout().height() / layout.height();
        List<RenderedLayout.Box> out = new ArrayList<>();
        for (Layout.Slot s : layout.slots()) {
            if (s instanceof Layout.TextSlot || (s instanceof Layout.ShapeSlot sh && sh.with() != null)) out.add(s.box().scaled(sx, sy));
        }
        return out;
    }

    static long changedOutside(Rendering a, Rendering b, List<RenderedLayout.Box> allowed) {
        BufferedImage x = a.image().toBufferedImage();
        BufferedImage y = b.image().toBufferedImage();
        long n = 0;
        for (int j = 0; j < x.getHeight(); j++) {
            for (int i = 0; i < x.getWidth(); i++) {
                if (x.getRGB(i, j) == y.getRGB(i, j)) continue;
                boolean ok = false;
                for (RenderedLayout.Box box : allowed) {
                    if (i >= box.x() && j >= box.y() && i < box.x() + box.width() && j < box.y() + box.height()) {
                        ok = true;
                        break;
                    }
                }
                if (!ok) n++;
            }
        }
        return n;
    }

    static long inkPixels(Rendering a, Rendering b, RenderedLayout.Box box) {
        BufferedImage x = a.image().toBufferedImage();
        BufferedImage y = b.image().toBufferedImage();
        long n = 0;
        for (int j = box.y(); j < box.y() + box.height(); j++) {
            for (int i = box.x(); i < box.x() + box.width(); i++) {
                if (x.getRGB(i, j) != y.getRGB(i, j)) n++;
            }
        }
        return n;
    }

    static Rgba rgb(BufferedImage img, int x, int y) {
        int v = img.getRGB(x, y);
        return new Rgba((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF, 255);
    }

    static long count(BufferedImage img, RenderedLayout.Box box, Rgba c) {
        long n = 0;
        for (int j = box.y(); j < box.y() + box.height(); j++) {
            for (int i = box.x(); i < box.x() + box.width(); i++) {
                if (rgb(img, i, j).equals(c)) n++;
            }
        }
        return n;
    }

    static int inkWidth(Path fontFile, String text, float size) throws Exception {
        Font f = Font.createFont(Font.TRUETYPE_FONT, fontFile.toFile()).deriveFont(size);
        Rectangle r = new TextLayout(text, f, TextFitter.FRC).getPixelBounds(TextFitter.FRC, 0, 0);
        return r.width;
    }
}
