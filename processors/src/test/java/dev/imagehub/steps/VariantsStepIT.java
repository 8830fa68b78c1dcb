package dev.imagehub.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ConfigException;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.variants.VariantSheet;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

/** The variants step on real photos: counts, codes, manifest, what was drawn, sampling, the sheet and start-up errors. */
class VariantsStepIT {
    private static final StepCatalog STEPS = StepCatalog.discover();
    private static final byte[] SUNSET = Fixtures.bytes("photo-sunset-1800.jpg");

    @TempDir
    Path dir;

    private ChainCatalog catalog(String variantsOptions) throws Exception {
        Path home = TestHub.prepareHome(dir);
        Files.writeString(home.resolve("config").resolve(ChainCatalog.CHAINS_FILE), "test:\n  steps:\n    - variants:\n" + variantsOptions);
        return ChainCatalog.load(home.resolve("config"), "config", STEPS);
    }

    private ChainResult run(String options, String file, byte[] photo, Map<String, Object> sidecar) throws Exception {
        return ChainRunner.run(catalog(options).get("test"), file, photo, ImageProbe.probe(photo), sidecar);
    }

    /** The outputs by their file name ({@code <stem><suffix>.<ext>}). */
    private static Map<String, ChainResult.Output> byName(String stem, ChainResult r) {
        Map<String, ChainResult.Output> out = new LinkedHashMap<>();
        for (ChainResult.Output o : r.outputs()) out.put(stem + o.suffix() + "." + o.extension(), o);
        return out;
    }

    private static List<List<String>> csv(ChainResult.Output manifest) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : new String(manifest.bytes(), StandardCharsets.UTF_8).split("\r\n")) rows.add(cells(line));
        return rows;
    }

    // RFC 4180 cells of one line (no line breaks in these tests' values)
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static final String FULL = """
                    template: instagram-post
                    headlines: ["Spring sale: 30% off", "New season, new look", "Only this week, \\"really\\""]
                    schemes:
                      brand: {}
                      bold: { primary: "#C0392B" }
                    crops:
                      top: { fit: fill, gravity: top }
                      close: { fit: smart, focus: [0.7, 0.5], zoom: 2.5 }
                    format: png
            """;

    @Test
    void every_combination_is_a_file_named_by_its_code_with_a_manifest_row_and_a_sheet_cell() throws Exception {
        ChainResult r = run(FULL, "sunset.jpg", SUNSET, Map.of());
        Map<String, ChainResult.Output> out = byName("sunset", r);
        assertThat(out).containsKeys("sunset-variants.csv", "sunset-variants-sheet.jpg");
        List<String> images = out.keySet().stream().filter(n -> n.endsWith(".png")).toList();
        assertThat(images).hasSize(12).doesNotContain("sunset.png");
        assertThat(out).hasSize(14);                                   // the photo itself is not delivered again

        List<List<String>> rows = csv(out.get("sunset-variants.csv"));
        assertThat(rows.get(0)).containsExactly("code", "file", "template", "width", "height", "headline", "scheme", "scheme_colors",
                "crop", "crop_settings", "background", "background_settings", "ai_model", "ai_cost_usd");
        List<List<String>> body = rows.subList(1, rows.size());
        assertThat(body).hasSize(12);
        Set<String> codes = new TreeSet<>();
        for (List<String> row : body) {
            codes.add(row.get(0));
            assertThat(row.get(0)).matches("H[1-3]-S[12]-C[12]");
            assertThat(row.get(1)).isEqualTo("sunset-" + row.get(0) + ".png");
            assertThat(out).containsKey(row.get(1));
            assertThat(row.subList(2, 5)).containsExactly("instagram-post", "1080", "1080");
        }
        assertThat(codes).hasSize(12);
        assertThat(body.get(0)).containsExactly("H1-S1-C1", "sunset-H1-S1-C1.png", "instagram-post", "1080", "1080", "Spring sale: 30% off",
                "brand", "brand colours", "top", "fit=fill; gravity=top", "default", "layout default", "", "");
        assertThat(body.get(11).subList(5, 10)).containsExactly("Only this week, \"really\"", "bold", "primary=#C0392B", "close",
                "fit=smart; focus=0.70,0.50; zoom=2.5");

        // drawn as the manifest says: the band takes the scheme's primary, the crops show different parts of the photo
        BufferedImage brand = Images.read(out.get("sunset-H1-S1-C1.png").bytes());
        BufferedImage bold = Images.read(out.get("sunset-H1-S2-C1.png").bytes());
        assertThat(brand.getRGB(20, 1060) & 0xFFFFFF).isEqualTo(0x1F4E79);
        assertThat(bold.getRGB(20, 1060) & 0xFFFFFF).isEqualTo(0xC0392B);
        BufferedImage close = Images.read(out.get("sunset-H1-S1-C2.png").bytes());
        assertThat(meanDiff(brand, close, 0, 0, 1080, 760)).as("the photo area of two crops").isGreaterThan(12);
        assertThat(meanDiff(brand, bold, 0, 0, 1080, 760)).as("same crop, other scheme: same photo").isLessThan(1);

        // the sheet: 12 cells in a 4 x 3 grid
        BufferedImage sheet = Images.read(out.get("sunset-variants-sheet.jpg").bytes());
        int cell = VariantSheet.cell(4);
        assertThat(VariantSheet.columns(12)).isEqualTo(4);
        assertThat(sheet.getWidth()).isEqualTo(4 * cell + 5 * VariantSheet.PAD);
        assertThat(sheet.getHeight()).isEqualTo(3 * (cell + VariantSheet.LABEL) + 4 * VariantSheet.PAD);
    }

    @Test
    void a_dark_scheme_and_colour_backgrounds_are_in_the_pixels_of_their_variants() throws Exception {
        String spec = """
                        template: product-showcase
                        values: { name: "Anemone art print", price: "€24" }
                        schemes:
                          brand: {}
                          dark: { light: "#111111", text: light }
                        crops:
                          whole: { fit: fit }
                          cover: { fit: fill }
                """;
        Map<String, ChainResult.Output> out = byName("s", run(spec, "s.jpg", SUNSET, Map.of()));
        List<List<String>> rows = csv(out.get("s-variants.csv"));
        List<String> dark = rows.stream().filter(r -> r.get(0).equals("S2-C1")).findFirst().orElseThrow();
        assertThat(dark.get(7)).isEqualTo("light=#111111; text=#F7F4EE");
        BufferedImage darkWhole = Images.read(out.get("s-S2-C1.jpg").bytes());
        BufferedImage brandWhole = Images.read(out.get("s-S1-C1.jpg").bytes());
        BufferedImage darkCover = Images.read(out.get("s-S2-C2.jpg").bytes());
        assertThat(near(darkWhole.getRGB(20, 700), 0x111111)).as("the dark ground").isTrue();
        assertThat(near(brandWhole.getRGB(20, 700), 0xF7F4EE)).as("the brand's light ground").isTrue();
        // fit shows the whole landscape photo with ground above it inside the box; fill covers the box
        assertThat(near(darkWhole.getRGB(540, 140), 0x111111)).as("fit: ground at the top of the photo box").isTrue();
        assertThat(near(darkCover.getRGB(540, 140), 0x111111)).as("fill: photo at the top of the photo box").isFalse();

        String backgrounds = """
                        template: product-showcase
                        values: { name: "Anemone art print" }
                        backgrounds:
                          coral: { color: accent }
                          ink: { color: "#202830" }
                          fade: { gradient: { from: "#000000", to: "#FFFFFF", angle: 90 } }
                """;
        Map<String, ChainResult.Output> b = byName("s", run(backgrounds, "s.jpg", SUNSET, Map.of()));
        assertThat(near(Images.read(b.get("s-B1.jpg").bytes()).getRGB(20, 700), 0xE4572E)).isTrue();
        assertThat(near(Images.read(b.get("s-B2.jpg").bytes()).getRGB(20, 700), 0x202830)).isTrue();
        BufferedImage fade = Images.read(b.get("s-B3.jpg").bytes());
        assertThat(fade.getRGB(20, 20) & 0xFF).isLessThan(fade.getRGB(20, 1330) & 0xFF);
        assertThat(csv(b.get("s-variants.csv")).get(1).subList(10, 12)).containsExactly("coral", "color=accent (#E4572E)");
    }

    @Test
    void a_picture_background_covers_the_ground_of_its_variants_and_stays_under_the_hub_folder() throws Exception {
        TestHub.prepareHome(dir);
        java.nio.file.Files.createDirectories(dir.resolve("library"));
        // a plain teal "paper" picture: its colour is what the ground of the variant shows, darkened by a fifth
        BufferedImage paper = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = paper.createGraphics();
        g.setColor(new java.awt.Color(0x2A9D8F));
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        javax.imageio.ImageIO.write(paper, "png", dir.resolve("library/paper.png").toFile());
        String spec = """
                        template: product-showcase
                        values: { name: "Anemone art print" }
                        backgrounds:
                          plain: { color: background }
                          paper: { image: library/paper.png, darken: 20 }
                """;
        Map<String, ChainResult.Output> b = byName("s", run(spec, "s.jpg", SUNSET, Map.of()));
        int expected = darkened(0x2A9D8F, 0.2);
        assertThat(near(Images.read(b.get("s-B2.jpg").bytes()).getRGB(20, 700), expected)).as("the darkened paper ground").isTrue();
        assertThat(near(Images.read(b.get("s-B1.jpg").bytes()).getRGB(20, 700), 0xFFFFFF)).isTrue();
        assertThat(csv(b.get("s-variants.csv")).get(2).subList(10, 12)).containsExactly("paper", "image=paper.png; darken=20");
        assertThatThrownBy(() -> catalog("        template: product-showcase\n        backgrounds:\n          a: { image: ../../etc/hosts }\n"))
                .hasMessageContaining("lies outside the hub folder");
    }

    private static int darkened(int rgb, double by) {
        int r = (int) Math.round(((rgb >> 16) & 255) * (1 - by));
        int g = (int) Math.round(((rgb >> 8) & 255) * (1 - by));
        int b = (int) Math.round((rgb & 255) * (1 - by));
        return (r << 16) | (g << 8) | b;
    }

    @Test
    void a_sample_is_n_distinct_variants_and_the_same_n_for_the_same_file() throws Exception {
        String spec = FULL.replace("format: png", "sample: 5");
        ChainResult a = run(spec, "sunset.jpg", SUNSET, Map.of());
        ChainResult again = run(spec, "sunset.jpg", SUNSET, Map.of());
        List<String> codes = csv(byName("sunset", a).get("sunset-variants.csv")).stream().skip(1).map(r -> r.get(0)).toList();
        assertThat(codes).hasSize(5).doesNotHaveDuplicates();
        assertThat(csv(byName("sunset", again).get("sunset-variants.csv")).stream().skip(1).map(r -> r.get(0)).toList()).isEqualTo(codes);
        assertThat(byName("sunset", a).keySet().stream().filter(n -> n.endsWith(".jpg") && !n.contains("sheet")))
                .containsExactlyInAnyOrderElementsOf(codes.stream().map(c -> "sunset-" + c + ".jpg").toList());
        BufferedImage sheet = Images.read(byName("sunset", a).get("sunset-variants-sheet.jpg").bytes());
        assertThat(sheet.getWidth()).isEqualTo(3 * VariantSheet.cell(3) + 4 * VariantSheet.PAD);   // 5 cells: 3 columns, 2 rows
        assertThat(sheet.getHeight()).isEqualTo(2 * (VariantSheet.cell(3) + VariantSheet.LABEL) + 3 * VariantSheet.PAD);

        // a seed fixes the choice whatever the file; the sidecar can ask for another count
        String seeded = spec.replace("sample: 5", "sample: 4\n        seed: 7");
        List<String> s1 = csv(byName("x", run(seeded, "x.jpg", SUNSET, Map.of())).get("x-variants.csv")).stream().skip(1).map(r -> r.get(0)).toList();
        List<String> s2 = csv(byName("y", run(seeded, "y.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"), Map.of())).get("y-variants.csv"))
                .stream().skip(1).map(r -> r.get(0)).toList();
        assertThat(s1).hasSize(4).isEqualTo(s2);
        assertThat(csv(byName("z", run(spec, "z.jpg", SUNSET, Map.of("sample", 2.0))).get("z-variants.csv"))).hasSize(3);
    }

    @Test
    void the_sidecar_gives_the_headlines_and_values_of_its_file() throws Exception {
        String spec = """
                        templates: [instagram-post, instagram-story]
                        headlines: ["From the chain"]
                        values: { cta: "Shop now" }
                """;
        ChainResult r = run(spec, "astro.jpg", Fixtures.bytes("portrait-astronaut-512.jpg"),
                Map.of("headlines", List.of("Один", "Two, with comma"), "values", Map.of("cta", "Swipe up")));
        Map<String, ChainResult.Output> out = byName("astro", r);
        List<List<String>> rows = csv(out.get("astro-variants.csv"));
        assertThat(rows.stream().skip(1).map(x -> x.get(0) + " " + x.get(2) + " " + x.get(5)).toList()).containsExactly(
                "T1-H1 instagram-post Один", "T1-H2 instagram-post Two, with comma", "T2-H1 instagram-story Один", "T2-H2 instagram-story Two, with comma");
        BufferedImage story = Images.read(out.get("astro-T2-H1.jpg").bytes());
        assertThat(story.getWidth()).isEqualTo(1080);
        assertThat(story.getHeight()).isEqualTo(1920);
        assertThat(rows.get(3).subList(3, 5)).containsExactly("1080", "1920");
    }

    @Test
    void forty_eight_variants_make_a_sheet_within_4096_pixels() throws Exception {
        String spec = """
                        template: email-header
                        headlines: ["One", "Two", "Three", "Four", "Five", "Six"]
                        schemes: { a: {}, b: { primary: accent }, c: { primary: secondary }, d: { accent: primary } }
                        backgrounds: { white: { color: "#FFFFFF" }, cream: { color: light } }
                """;
        Map<String, ChainResult.Output> out = byName("e", run(spec, "e.jpg", SUNSET, Map.of()));
        assertThat(out.keySet().stream().filter(n -> n.matches("e-H\\d-S\\d-B\\d\\.jpg"))).hasSize(48);
        BufferedImage sheet = Images.read(out.get("e-variants-sheet.jpg").bytes());
        assertThat(VariantSheet.columns(48)).isEqualTo(7);
        assertThat(sheet.getWidth()).isEqualTo(7 * VariantSheet.cell(7) + 8 * VariantSheet.PAD).isLessThanOrEqualTo(4096);
        assertThat(sheet.getHeight()).isEqualTo(7 * (VariantSheet.cell(7) + VariantSheet.LABEL) + 8 * VariantSheet.PAD);
        assertThat(VariantSheet.cell(40) * 40 + 41 * VariantSheet.PAD).isLessThanOrEqualTo(4096);
    }

    @Test
    void spec_mistakes_are_named_with_file_line_and_key_at_start_up() {
        assertThatThrownBy(() -> catalog("        template: no-such-layout\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("chains.yaml:4").hasMessageContaining("no layout 'no-such-layout'").hasMessageContaining("quote-card");
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        values:\n          price: x\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chains.yaml:6").hasMessageContaining("no slot 'price'")
                .hasMessageContaining("subline");
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        schemes:\n          dark: { paper: \"#111111\" }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chains.yaml:6").hasMessageContaining("'paper' is not a colour role")
                .hasMessageContaining("primary");
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        schemes:\n          dark: { text: notacolour }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'notacolour' is neither a brand colour");
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        headlines: []\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chains.yaml:5").hasMessageContaining("headlines is empty");
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        crops: {}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("crops is empty");
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        headlines: [a, b]\n        sample: 3\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chains.yaml:6").hasMessageContaining("sample: 3 is more than the 2 variants");
        assertThatThrownBy(() -> catalog("        template: quote-card\n        crops: { a: { fit: fill } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no photo slot");
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        crops:\n          a: { zoom: 0.5 }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chains.yaml:6").hasMessageContaining("crops.a.zoom': step 'variants': must be between 1 and 10");
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        backgrounds:\n          a: { color: primary, gradient: { from: primary, to: accent } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a background is one of");
        // every mistake of a spec's shape at once, each at its own line; a misspelt key gets a suggestion
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        headlnes: [a]\n        crops:\n          a: { zoom: 0.5 }\n"
                + "          b: { gravity: middle }\n"))
                .isInstanceOf(ConfigException.class).satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
                .hasMessageContaining("chains.yaml:5").hasMessageContaining("unknown key 'headlnes'; did you mean 'headlines'")
                .hasMessageContaining("chains.yaml:7").hasMessageContaining("must be between 1 and 10")
                .hasMessageContaining("chains.yaml:8").hasMessageContaining("gravity is one of");
        // and every name that the layouts or the brand do not know, at once
        assertThatThrownBy(() -> catalog("        template: instagram-post\n        values:\n          price: x\n        schemes:\n"
                + "          dark: { paper: \"#111111\" }\n"))
                .isInstanceOf(ConfigException.class).satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2))
                .hasMessageContaining("chains.yaml:6").hasMessageContaining("no slot 'price'")
                .hasMessageContaining("chains.yaml:8").hasMessageContaining("'paper' is not a colour role");
    }

    @Test
    void one_headline_may_be_a_single_text_and_keeps_its_commas() throws Exception {
        Map<String, ChainResult.Output> out = byName("c", run("        template: instagram-post\n        headlines: \"Sale, today only\"\n", "c.jpg", SUNSET, Map.of()));
        assertThat(out.keySet().stream().filter(n -> n.endsWith(".jpg") && !n.contains("sheet"))).hasSize(1);
        assertThat(new String(out.get("c-variants.csv").bytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("Sale, today only");
    }

    @Test
    void a_product_above_the_limit_is_refused_naming_the_count_and_the_axes() {
        String many = "        template: instagram-post\n        headlines: [a, b, c, d, e]\n"
                + "        schemes: { a: {}, b: {}, c: {}, d: {}, e: {} }\n        crops: { a: {}, b: {}, c: {}, d: {}, e: {} }\n";
        assertThatThrownBy(() -> catalog(many + "        limit: 100\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("chains.yaml:8").hasMessageContaining("1 template x 5 headlines x 5 schemes x 5 crops x 1 background = 125 variants")
                .hasMessageContaining("limit of 100").hasMessageContaining("sample");
        // a sample within the limit is fine; a sidecar asking for more is refused for its file
        org.assertj.core.api.Assertions.assertThatCode(() -> catalog(many + "        limit: 100\n        sample: 20\n")).doesNotThrowAnyException();
        assertThatThrownBy(() -> run(many + "        limit: 100\n        sample: 20\n", "p.jpg", SUNSET, Map.of("sample", 120.0)))
                .hasMessageContaining("p.jpg.json").hasMessageContaining("sample: 120").hasMessageContaining("limit of 100");
    }

    @Test
    void a_photo_dropped_in_the_ab_test_folder_gives_its_variants_manifest_and_sheet() throws Exception {
        TestHub.prepareHome(dir);
        try (TestHub hub = TestHub.start(dir)) {
            Files.createDirectories(hub.inbox("ab-test"));
            Files.writeString(hub.inbox("ab-test").resolve("lamp.jpg.json"), "{\"headlines\": [\"Spring sale: 30% off\", \"New season, new look\", \"Light up, 2026\"]}");
            hub.drop("ab-test", "lamp.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.awaitFiles(hub.outbox("ab-test"), 14);
            Set<String> names = TestHub.names(hub.outbox("ab-test"));
            assertThat(names).contains("lamp-variants.csv", "lamp-variants-sheet.jpg", "lamp-T1-H1-S1.jpg", "lamp-T2-H3-S2.jpg").hasSize(14);
            List<String> lines = Files.readAllLines(hub.outbox("ab-test").resolve("lamp-variants.csv"));
            assertThat(lines).hasSize(13);
            assertThat(lines.get(12)).startsWith("T2-H3-S2,lamp-T2-H3-S2.jpg,instagram-story,1080,1920,\"Light up, 2026\",bold,");
        }
    }

    private static boolean near(int rgb, int want) {
        return Math.abs(((rgb >> 16) & 0xFF) - ((want >> 16) & 0xFF)) <= 6 && Math.abs(((rgb >> 8) & 0xFF) - ((want >> 8) & 0xFF)) <= 6
                && Math.abs((rgb & 0xFF) - (want & 0xFF)) <= 6;
    }

    private static double meanDiff(BufferedImage a, BufferedImage b, int x0, int y0, int w, int h) {
        long sum = 0;
        for (int y = y0; y < y0 + h; y += 2) {
            for (int x = x0; x < x0 + w; x += 2) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                sum += Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF)) + Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF)) + Math.abs((p & 0xFF) - (q & 0xFF));
            }
        }
        return sum / (3.0 * (w / 2) * (h / 2));
    }
}
