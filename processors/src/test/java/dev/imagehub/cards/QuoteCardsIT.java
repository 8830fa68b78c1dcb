package dev.imagehub.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.config.Csv;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

/** Quote cards from a CSV (and .txt / .json) dropped in inbox/quotes/ of a real hub: one card per row, a report, a sheet. */
class QuoteCardsIT {
    @TempDir
    Path dir;

    private static final String LONG = "Every great product begins with a question nobody dared to ask out loud, and it keeps going because a small "
            + "team refuses to accept the first answer, the second answer or even the tenth, until what remains is simple enough to explain "
            + "to a child and strong enough to change the way a whole industry works, which takes years, patience and a great deal of coffee.";

    @Test
    void five_quotes_make_five_cards_a_report_and_a_sheet() throws Exception {
        TestHub.prepareHome(dir);
        String csv = "quote,author\n"
                + "Less is more.,Mies\n"
                + "\"" + LONG + "\",A very long author name that goes on\n"
                + "Рукописи не горят.,Михаил Булгаков\n"
                + "العلم نور,مثل عربي\n"
                + "\"Hello, world\",\"Kernighan, Brian\"\n";
        try (TestHub hub = TestHub.start(dir)) {
            hub.drop("quotes", "sayings.csv", csv.getBytes(StandardCharsets.UTF_8));
            hub.awaitFiles(hub.outbox("quotes"), 7);
            hub.awaitInboxEmpty("quotes");
            Path out = hub.outbox("quotes");
            assertThat(TestHub.names(out)).containsExactly("sayings-001-less-is-more.png",
                    "sayings-002-every-great-product-begins-with.png", "sayings-003-рукописи-не-горят.png",
                    "sayings-004-العلم-نور.png", "sayings-005-hello-world.png", "sayings-cards.csv", "sayings-sheet.jpg");
            for (Path card : TestHub.files(out)) {
                if (!card.toString().endsWith(".png")) continue;
                BufferedImage img = Images.read(card);
                assertThat(img.getWidth()).as(card.toString()).isEqualTo(1080);
                assertThat(img.getHeight()).isEqualTo(1080);
                assertThat(lightPixels(img, 120, 270, 840, 480)).as("quote text drawn in " + card.getFileName()).isGreaterThan(1500);
            }
            // the long quote is shrunk into its box: more text, but nothing drawn outside the quote box's band
            BufferedImage longCard = Images.read(out.resolve("sayings-002-every-great-product-begins-with.png"));
            assertThat(lightPixels(longCard, 120, 270, 840, 480)).isGreaterThan(lightPixels(Images.read(out.resolve("sayings-001-less-is-more.png")), 120, 270, 840, 480));
            List<Csv.Record> report = Csv.records(Files.readString(out.resolve("sayings-cards.csv")));
            assertThat(report.get(0).cells()).containsExactly("row", "line", "file", "status", "reason");
            assertThat(report).hasSize(6);
            for (int i = 1; i <= 5; i++) {
                assertThat(report.get(i).cells().get(0)).isEqualTo(String.valueOf(i));
                assertThat(report.get(i).cells().get(1)).isEqualTo(String.valueOf(i + 1));
                assertThat(report.get(i).cells().get(3)).isEqualTo("ok");
                assertThat(out.resolve(report.get(i).cells().get(2))).exists();
            }
            BufferedImage sheet = Images.read(out.resolve("sayings-sheet.jpg"));
            assertThat(sheet.getWidth()).isGreaterThan(3 * 240);
            assertThat(TestHub.names(hub.done("quotes"))).containsExactly("sayings.csv");
        }
    }

    @Test
    void a_file_with_more_rows_than_max_rows_is_refused_whole_with_the_limit_named() throws Exception {
        TestHub.prepareHome(dir);
        Path chains = dir.resolve("config/chains.yaml");
        String shipped = Files.readString(chains);
        assertThat(shipped).contains("quoteCards: { template: quote-card }");
        Files.writeString(chains, shipped.replace("quoteCards: { template: quote-card }", "quoteCards: { template: quote-card, maxRows: 3 }"));
        try (TestHub hub = TestHub.start(dir)) {
            hub.drop("quotes", "many.csv", "quote\nOne.\nTwo.\nThree.\nFour.\n".getBytes(StandardCharsets.UTF_8));
            hub.awaitFiles(hub.failed("quotes"), 2);
            assertThat(Files.readString(hub.failed("quotes").resolve("many.csv.error.json")))
                    .contains("many.csv has 4 rows").contains("at most 3 cards").contains("maxRows");
            assertThat(TestHub.files(hub.outbox("quotes")).stream().filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void a_bad_row_is_reported_with_its_line_and_the_others_are_made() throws Exception {
        TestHub.prepareHome(dir);
        // semicolons, a BOM, CRLF and a quote spanning two lines: the empty quote sits on line 5 of the file
        String csv = "\uFEFFquote;author\r\n"
                + "First;Ann\r\n"
                + "\"Second,\r\nover two lines\";Bob\r\n"
                + ";Nobody\r\n"
                + "Fourth;Dee\r\n"
                + "Fifth;Eve\r\n";
        try (TestHub hub = TestHub.start(dir)) {
            hub.drop("quotes", "week.csv", csv.getBytes(StandardCharsets.UTF_8));
            hub.awaitFiles(hub.outbox("quotes"), 6);
            hub.awaitInboxEmpty("quotes");
            Path out = hub.outbox("quotes");
            assertThat(TestHub.names(out)).containsExactly("week-001-first.png", "week-002-second-over-two-lines.png", "week-004-fourth.png",
                    "week-005-fifth.png", "week-cards.csv", "week-sheet.jpg");
            List<Csv.Record> report = Csv.records(Files.readString(out.resolve("week-cards.csv")));
            assertThat(report.get(3).cells()).containsExactly("3", "5", "", "failed", "the column 'quote' is empty (layout quote-card needs it)");
            assertThat(report.stream().skip(1).filter(r -> r.cells().get(3).equals("ok")).count()).isEqualTo(4);
            assertThat(report.get(2).cells().get(1)).isEqualTo("3");

            // dropped again: nothing is overwritten, and the new report names the new files
            hub.drop("quotes", "week.csv", csv.getBytes(StandardCharsets.UTF_8));
            hub.awaitFiles(out, 12);
            hub.awaitInboxEmpty("quotes");
            List<Csv.Record> again = Csv.records(Files.readString(out.resolve("week-cards-2.csv")));
            assertThat(again.get(1).cells().get(2)).isEqualTo("week-001-first-2.png");
            assertThat(out.resolve("week-001-first-2.png")).exists();
        }
    }

    @Test
    void unknown_template_missing_or_escaping_image_and_undrawable_text_fail_their_rows_only() throws Exception {
        TestHub.prepareHome(dir);
        Files.createDirectories(dir.resolve("inbox/quotes/photos"));
        Files.write(dir.resolve("inbox/quotes/photos/sunset.jpg"), Fixtures.bytes("photo-sunset-1800.jpg"));
        String csv = "quote,author,image,template,name\n"
                + "On the blurred photo,Ann,photos/sunset.jpg,quote-card,story\n"
                + "Plain,Bob,,nope,\n"
                + "No photo,Cid,photos/gone.jpg,,\n"
                + "Escape,Dee,../../../etc/passwd,,\n"
                + "Broken \u0378 glyph,Eve,,,\n"
                + ",,photos/sunset.jpg,instagram-post,post\n";
        try (TestHub hub = TestHub.start(dir)) {
            hub.drop("quotes", "mix.csv", csv.getBytes(StandardCharsets.UTF_8));
            hub.awaitFiles(hub.outbox("quotes"), 3);
            hub.awaitInboxEmpty("quotes");
            Path out = hub.outbox("quotes");
            List<Csv.Record> report = Csv.records(Files.readString(out.resolve("mix-cards.csv")));
            assertThat(report.get(1).cells().subList(2, 4)).containsExactly("mix-001-story.png", "ok");
            assertThat(report.get(2).cells().get(4)).startsWith("unknown template 'nope' (layouts: ").contains("quote-card");
            assertThat(report.get(3).cells().get(4)).startsWith("image 'photos/gone.jpg' is missing");
            assertThat(report.get(4).cells().get(4)).contains("outside the hub home");
            assertThat(report.get(5).cells().get(4)).contains("U+0378");
            // instagram-post needs a headline; this row has none, so it fails naming the column
            assertThat(report.get(6).cells().get(4)).isEqualTo("the column 'headline' is empty (layout instagram-post needs it)");
            assertThat(TestHub.names(out)).containsExactly("mix-001-story.png", "mix-cards.csv", "mix-sheet.jpg");
        }
    }

    @Test
    void a_json_array_makes_a_card_per_element_at_the_asked_size_and_a_txt_one_card() throws Exception {
        TestHub.prepareHome(dir);
        Files.createDirectories(dir.resolve("inbox/photos"));
        Files.write(dir.resolve("inbox/photos/wine.jpg"), Fixtures.bytes("photo-wine-portrait-1800.jpg"));
        Path chains = dir.resolve("config/chains.yaml");
        Files.writeString(chains, Files.readString(chains).replace("    - quoteCards: { template: quote-card }",
                "    - quoteCards: { template: instagram-post, size: instagram-story, format: jpeg, values: { subline: \"Lumen Coffee\" } }"));
        try (TestHub hub = TestHub.start(dir)) {
            hub.drop("quotes", "launch.json", ("[{\"headline\": \"Autumn blend is back\", \"image\": \"inbox/photos/wine.jpg\"},"
                    + " {\"headline\": \"Open late on Fridays\", \"name\": \"Fridays\"}]").getBytes(StandardCharsets.UTF_8));
            hub.awaitFiles(hub.outbox("quotes"), 4);
            hub.drop("quotes", "note.txt", "  Just one headline\n".getBytes(StandardCharsets.UTF_8));
            hub.awaitFiles(hub.outbox("quotes"), 7);
            hub.awaitInboxEmpty("quotes");
            Path out = hub.outbox("quotes");
            assertThat(TestHub.names(out)).contains("launch-001-autumn-blend-is-back.jpg", "launch-002-fridays.jpg", "note-001-just-one-headline.jpg");
            for (String name : List.of("launch-001-autumn-blend-is-back.jpg", "launch-002-fridays.jpg", "note-001-just-one-headline.jpg")) {
                BufferedImage img = Images.read(out.resolve(name));
                assertThat(img.getWidth()).isEqualTo(1080);
                assertThat(img.getHeight()).isEqualTo(1920);
            }
        }
    }

    @Test
    void a_file_where_no_row_makes_a_card_fails_naming_the_lines() throws Exception {
        TestHub.prepareHome(dir);
        try (TestHub hub = TestHub.start(dir)) {
            hub.drop("quotes", "empty.csv", "quote,author\n,Ann\n,Bob\n".getBytes(StandardCharsets.UTF_8));
            hub.drop("quotes", "photo.png", Fixtures.bytes("alpha-tuxpaint-anemone.png"));
            hub.awaitFiles(hub.failed("quotes"), 4);
            String error = Files.readString(hub.failed("quotes").resolve("empty.csv.error.json"));
            assertThat(error).contains("no row of empty.csv made a card: line 2: the column 'quote' is empty", "line 3:");
            assertThat(Files.readString(hub.failed("quotes").resolve("photo.png.error.json")))
                    .contains("drop a .csv, .json, .txt file, not a .png file");
            assertThat(TestHub.files(hub.outbox("quotes"))).isEmpty();
        }
    }

    @Test
    void with_background_blur_a_rows_image_is_the_ground_of_its_quote_card() throws Exception {
        TestHub.prepareHome(dir);
        Files.createDirectories(dir.resolve("inbox/quotes/photos"));
        Files.write(dir.resolve("inbox/quotes/photos/sunset.jpg"), Fixtures.bytes("photo-sunset-1800.jpg"));
        Path chains = dir.resolve("config/chains.yaml");
        Files.writeString(chains, Files.readString(chains).replace("    - quoteCards: { template: quote-card }",
                "    - quoteCards: { template: quote-card, background: blur }"));
        try (TestHub hub = TestHub.start(dir)) {
            hub.drop("quotes", "ground.csv", "quote,author,image\nOn the photo,Ann,photos/sunset.jpg\nOn the brand colour,Bob,\n"
                    .getBytes(StandardCharsets.UTF_8));
            hub.awaitFiles(hub.outbox("quotes"), 4);
            hub.awaitInboxEmpty("quotes");
            BufferedImage photo = Images.read(hub.outbox("quotes").resolve("ground-001-on-the-photo.png"));
            BufferedImage plain = Images.read(hub.outbox("quotes").resolve("ground-002-on-the-brand-colour.png"));
            // the sunset (blurred, darkened) shows where the plain card has the brand's primary colour: the lower half
            // (mountains and meadow) is far from it
            assertThat(meanDiff(photo, plain, 0, 880, 1080, 60)).isGreaterThan(25);
            assertThat(lightPixels(photo, 120, 270, 840, 480)).isGreaterThan(1000);
        }
    }

    private static double meanDiff(BufferedImage a, BufferedImage b, int x0, int y0, int w, int h) {
        long sum = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
            }
        }
        return (double) sum / (3.0 * w * h);
    }

    // pixels much brighter than the brand's primary ground: the light quote text
    private static int lightPixels(BufferedImage img, int x0, int y0, int w, int h) {
        int n = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int rgb = img.getRGB(x, y);
                int lum = (((rgb >> 16) & 255) * 3 + ((rgb >> 8) & 255) * 6 + (rgb & 255)) / 10;
                if (lum > 200) n++;
            }
        }
        return n;
    }
}
