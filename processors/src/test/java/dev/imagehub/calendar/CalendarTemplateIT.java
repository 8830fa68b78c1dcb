package dev.imagehub.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.layout.LayoutRenderer;
import dev.imagehub.layout.RenderRequest;
import dev.imagehub.layout.Rendering;
import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

/**
 * Calendar rows with template:<layout>: the layout is composed at each platform's preset size, the caption fills the
 * layout's first required text, extra columns fill the slots they name, and wrong layouts or columns are reported by line.
 */
class CalendarTemplateIT {
    static final Map<String, Set<String>> LAYOUTS = Map.of("instagram-post", Set.of("photo", "headline", "subline", "logo"),
            "quote-card", Set.of("mark", "quote", "author", "logo"));

    @TempDir
    Path home;

    static CalendarFile.Parsed parse(String text) {
        return CalendarFile.parse(text, ZoneId.of("UTC"), CalendarFileTest.PRESETS, n -> n.equals("watermarked"), LAYOUTS);
    }

    @Test
    void templateRowsCarryTheirSlotColumnsAndMistakesAreReportedWithTheirLine() {
        var parsed = parse("""
                date,time,platforms,image,caption,chain,subline,author
                2027-01-15,09:00,instagram,library/a.jpg,Autumn menu,template:instagram-post,Tonight at eight,
                2027-01-15,09:00,instagram,library/a.jpg,Autumn menu,template:menu-card,,
                2027-01-15,09:00,instagram,library/a.jpg,Autumn menu,template:instagram-post,,Ann
                2027-01-15,09:00,instagram,library/a.jpg,Autumn menu,watermarked,Tonight,
                2027-01-15,09:00,instagram,library/a.jpg,Autumn menu,watermarked,,
                """);
        assertThat(parsed.posts()).extracting(CalendarPost::line).containsExactly(2, 6);
        CalendarPost post = parsed.posts().get(0);
        assertThat(post.template()).isEqualTo("instagram-post");
        assertThat(post.values()).containsExactly(Map.entry("subline", "Tonight at eight"));
        assertThat(parsed.posts().get(1).template()).isNull();
        assertThat(parsed.problems()).extracting(CalendarFile.Problem::toString).containsExactly(
                "config/calendar.csv:3: unknown layout 'menu-card' in 'template:menu-card' (layouts in templates/layouts: instagram-post, quote-card)",
                "config/calendar.csv:4: column 'author' is no slot of layout 'instagram-post' (slots: headline, logo, photo, subline)",
                "config/calendar.csv:5: column 'subline' is a slot value, but the row names no template (write the chain column as "
                        + "template:<layout>, e.g. template:instagram-post)");
        // a column no layout has is still a header mistake; the same holds for YAML keys
        assertThat(parse("date,time,platforms,image,when\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).startsWith("unknown column 'when' in the header").contains("headline"));
        var yaml = CalendarFile.parseYaml("""
                - date: 2027-01-15
                  time: "09:00"
                  platforms: [instagram, instagram-story]
                  image: library/a.jpg
                  chain: template:quote-card
                  author: Ann
                """, ZoneId.of("UTC"), CalendarFileTest.PRESETS, n -> false, LAYOUTS);
        assertThat(yaml.problems()).isEmpty();
        assertThat(yaml.posts().get(0).values()).containsExactly(Map.entry("author", "Ann"));
        // a slot value is part of the post: editing the headline makes it a new post
        assertThat(post.key()).isNotEqualTo(new CalendarPost(post.line(), post.date(), post.time(), post.zone(), post.platforms(), post.image(),
                post.caption(), post.chain(), Map.of("subline", "Other")).key());
    }

    @Test
    void aTemplateRowIsComposedAtEachPlatformsPresetSizeWithTheCaptionDrawn() throws Exception {
        TestHub.prepareHome(home);
        Files.createDirectories(home.resolve("library"));
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        Files.write(home.resolve("library/sunset.jpg"), photo);
        Files.writeString(home.resolve("config/calendar.csv"), CalendarHubIT.HEADER.strip() + ",subline\n");
        try (TestHub hub = TestHub.start(home, Map.of("hub.calendar.pollMillis", "100"))) {
            ZonedDateTime at = CalendarHubIT.ahead(ZoneId.of("UTC"), 3);
            String row = CalendarHubIT.row(at, "UTC", "instagram|instagram-story", "library/sunset.jpg", "Autumn menu is here",
                    "template:instagram-post").strip() + ",Fridays from 7 pm\n";
            Path tmp = home.resolve("config/.calendar.tmp");
            Files.writeString(tmp, CalendarHubIT.HEADER.strip() + ",subline\n" + row);
            Files.move(tmp, home.resolve("config/calendar.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Await.until(TestHub.TIMEOUT, () -> "the post exported, have " + CalendarHubIT.exports(hub),
                    () -> CalendarHubIT.exports(hub).stream().anyMatch(r -> "DONE".equals(r.get("state"))));
            Path day = home.resolve("outbox/calendar").resolve(at.toLocalDate().toString());
            String stem = CalendarHubIT.stem(at, "sunset");
            assertThat(Files.readString(day.resolve("instagram/" + stem + ".txt"))).isEqualTo("Autumn menu is here");
            assertThat(Files.readString(day.resolve("instagram-story/" + stem + ".txt"))).isEqualTo("Autumn menu is here");
            check(day.resolve("instagram/" + stem + ".jpg"), 1080, 1350, photo);
            check(day.resolve("instagram-story/" + stem + ".jpg"), 1080, 1920, photo);
        }
    }

    @Test
    void aTemplateRowWithoutAnImageIsDrawnFromItsTextsAlone() throws Exception {
        assertThat(parse("date,time,platforms,image,caption,chain\n2027-01-01,09:00,instagram,,Stay curious,template:quote-card\n"
                + "2027-01-01,10:00,instagram,,No picture,\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains(":3:").contains("only a template:<layout> row may leave it empty"));
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/calendar.csv"), CalendarHubIT.HEADER.strip() + ",author\n");
        try (TestHub hub = TestHub.start(home, Map.of("hub.calendar.pollMillis", "100"))) {
            ZonedDateTime at = CalendarHubIT.ahead(ZoneId.of("UTC"), 3);
            String row = CalendarHubIT.row(at, "UTC", "instagram|instagram-story", "", "Stay curious and stay kind",
                    "template:quote-card").strip() + ",Ann Example\n";
            Path tmp = home.resolve("config/.calendar.tmp");
            Files.writeString(tmp, CalendarHubIT.HEADER.strip() + ",author\n" + row);
            Files.move(tmp, home.resolve("config/calendar.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Await.until(TestHub.TIMEOUT, () -> "the post exported, have " + CalendarHubIT.exports(hub),
                    () -> CalendarHubIT.exports(hub).stream().anyMatch(r -> "DONE".equals(r.get("state"))));
            Path day = home.resolve("outbox/calendar").resolve(at.toLocalDate().toString());
            String stem = CalendarHubIT.stem(at, "quote-card");
            assertThat(Files.readString(day.resolve("instagram/" + stem + ".txt"))).isEqualTo("Stay curious and stay kind");
            var post = Images.read(day.resolve("instagram/" + stem + ".png"));
            var story = Images.read(day.resolve("instagram-story/" + stem + ".png"));
            assertThat(new int[] {post.getWidth(), post.getHeight()}).containsExactly(1080, 1350);
            assertThat(new int[] {story.getWidth(), story.getHeight()}).containsExactly(1080, 1920);
            // the brand ground, not a stretched placeholder pixel: the top-left corner is the primary colour
            assertThat(post.getRGB(3, 3) & 0xFFFFFF).isEqualTo(0x1F4E79);
        }
    }

    // the export is the layout rendered at that size with the caption as headline: close to our own rendering of it,
    // and far from the same rendering without the headline (so the caption is what was drawn)
    private void check(Path file, int width, int height, byte[] photo) throws Exception {
        BufferedImage exported = Images.read(file);
        assertThat(exported.getWidth()).isEqualTo(width);
        assertThat(exported.getHeight()).isEqualTo(height);
        var layout = LayoutCatalog.load(home).get("instagram-post");
        try (WorkingImage source = ImageDecoder.decode(photo, ImageProbe.probe(photo), 1);
             Rendering with = LayoutRenderer.render(layout, new RenderRequest(width, height, source,
                     Map.of("headline", "Autumn menu is here", "subline", "Fridays from 7 pm"), dev.imagehub.brand.BrandKit.load(home), home, Map.of(), null));
             Rendering without = LayoutRenderer.render(layout, new RenderRequest(width, height, source,
                     Map.of("headline", "none", "subline", "Fridays from 7 pm"), dev.imagehub.brand.BrandKit.load(home), home, Map.of(), null))) {
            var box = with.layout().texts().stream().filter(t -> t.slot().equals("headline")).findFirst().orElseThrow().inked();
            double same = diff(exported, with.image().toBufferedImage(), box);
            double other = diff(exported, without.image().toBufferedImage(), box);
            assertThat(same).as("headline area vs the expected rendering").isLessThan(6);
            assertThat(other).as("headline area vs a rendering without headline").isGreaterThan(4 * same + 10);
        }
    }

    private static double diff(BufferedImage a, BufferedImage b, dev.imagehub.layout.RenderedLayout.Box box) {
        long sum = 0;
        long n = 0;
        for (int y = box.y(); y < box.y() + box.height(); y++) {
            for (int x = box.x(); x < box.x() + box.width(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
                n += 3;
            }
        }
        return (double) sum / n;
    }
}
