package dev.imagehub.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Parsing config/calendar.csv: columns, quoting, platform presets, line-numbered problems, and DST-safe instants. */
class CalendarFileTest {
    static final Set<String> PRESETS = Set.of("instagram-portrait", "instagram-story", "facebook-post", "x-post", "linkedin-cover");

    static CalendarFile.Parsed parse(String text) {
        return CalendarFile.parse(text, ZoneId.of("UTC"), PRESETS, n -> n.equals("watermarked"));
    }

    @Test
    void validRowsWithQuotedCaptionsPlatformListsAndDefaultZone() {
        var parsed = parse("""
                # a comment
                date,time,zone,platforms,image,caption,chain
                2026-12-24,09:00,Europe/Paris,Instagram|facebook,library/a.jpg,"Hello, ""world""\",watermarked

                2026-12-24,18:05:30,,instagram-story; x,library/b.jpg,plain,
                """);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.posts()).hasSize(2);
        CalendarPost a = parsed.posts().get(0);
        assertThat(a.line()).isEqualTo(3);
        assertThat(a.platforms()).extracting(CalendarPost.Platform::preset).containsExactly("instagram-portrait", "facebook-post");
        assertThat(a.caption()).isEqualTo("Hello, \"world\"");
        assertThat(a.chain()).isEqualTo("watermarked");
        assertThat(a.instant()).isEqualTo(Instant.parse("2026-12-24T08:00:00Z"));
        CalendarPost b = parsed.posts().get(1);
        assertThat(b.line()).isEqualTo(5);
        assertThat(b.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(b.time()).isEqualTo(LocalTime.of(18, 5, 30));
        assertThat(b.platforms()).extracting(CalendarPost.Platform::name).containsExactly("instagram-story", "x");
        assertThat(b.chain()).isNull();
        assertThat(a.key()).isNotEqualTo(b.key()).hasSize(64);
    }

    @Test
    void eachInvalidRowIsReportedWithItsLineAndTheOthersStay() {
        var parsed = parse("""
                date,time,zone,platforms,image,caption,chain
                2026-12-24,09:00,,instagram,library/ok.jpg,fine,
                2026-13-01,09:00,,instagram,library/a.jpg,,
                2026-12-24,9h,,instagram,library/a.jpg,,
                2026-12-24,09:00,Mars/Olympus,instagram,library/a.jpg,,
                2026-12-24,09:00,,myspace,library/a.jpg,,
                2026-12-24,09:00,,instagram,../etc/passwd,,
                2026-12-24,09:00,,instagram,library/a.jpg,,nosuchchain
                2026-12-24,09:00,,instagram,library/a.jpg,a,b,c,d
                2026-12-25,10:00,,x,library/ok2.jpg,also fine,
                """);
        assertThat(parsed.posts()).extracting(CalendarPost::line).containsExactly(2, 10);
        assertThat(parsed.problems()).extracting(CalendarFile.Problem::line).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(parsed.problems().get(0).reason()).contains("date '2026-13-01'");
        assertThat(parsed.problems().get(1).reason()).contains("time '9h'");
        assertThat(parsed.problems().get(2).reason()).contains("zone 'Mars/Olympus'");
        assertThat(parsed.problems().get(3).reason()).contains("unknown platform 'myspace'").contains("instagram");
        assertThat(parsed.problems().get(4).reason()).contains("inside the hub folder");
        assertThat(parsed.problems().get(5).reason()).contains("unknown chain 'nosuchchain'");
        assertThat(parsed.problems().get(6).reason()).contains("fields but the header names 7");
    }

    @Test
    void aCaptionMaySpanLinesAndAQuoteNeverClosedKeepsTheRowsBeforeIt() {
        var parsed = parse("""
                date,time,zone,platforms,image,caption,chain
                2026-12-24,09:00,,instagram,library/ok.jpg,"two lines,
                of caption",
                # a comment line
                2026-12-24,10:00,,instagram,library/a.jpg,"open
                2026-12-25,10:00,,x,library/ok2.jpg,read as part of the caption above,
                """);
        assertThat(parsed.posts()).extracting(CalendarPost::line).containsExactly(2);
        assertThat(parsed.posts().get(0).caption()).isEqualTo("two lines,\nof caption");
        assertThat(parsed.problems()).extracting(CalendarFile.Problem::line).containsExactly(5);
        assertThat(parsed.problems().get(0).reason()).contains("never closed", "not planned until it is closed");
    }

    @Test
    void aBadHeaderIsReported() {
        assertThat(parse("date,when,platforms,image\n2026-12-24,09:00,x,a.jpg\n").problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isEqualTo(1);
                    assertThat(p.reason()).contains("unknown column 'when'");
                });
        assertThat(parse("date,platforms,image\n").problems().get(0).reason()).contains("no 'time' column");
        assertThat(parse("# only comments\n").problems().get(0).reason()).contains("no header line");
    }

    @Test
    void daylightSavingGapsAndOverlapsGiveOneInstant() {
        var parsed = parse("""
                date,time,zone,platforms,image
                2026-03-29,02:30,Europe/Paris,x,a.jpg
                2026-10-25,02:30,Europe/Paris,x,a.jpg
                2026-07-01,12:00,Asia/Kathmandu,x,a.jpg
                """);
        // 02:30 does not exist on the spring-forward night: it runs at 03:30 CEST
        assertThat(parsed.posts().get(0).instant()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        // 02:30 happens twice on the fall-back night: the first one (CEST) counts
        assertThat(parsed.posts().get(1).instant()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(parsed.posts().get(2).instant()).isEqualTo(Instant.parse("2026-07-01T06:15:00Z"));
    }

    @Test
    void theShippedExampleIsValidAndItsImagesExist() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("test.hub.source", "..")).toAbsolutePath().normalize();
        var chains = dev.imagehub.chain.ChainCatalog.load(root.resolve("config"), "config", dev.imagehub.chain.StepCatalog.discover());
        var parsed = CalendarFile.parse(java.nio.file.Files.readString(root.resolve(ContentCalendar.FILE)), ZoneId.of("UTC"),
                chains.config().presetNames(), n -> chains.get(n) != null);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.posts()).isNotEmpty().allSatisfy(p -> assertThat(root.resolve(p.image())).isRegularFile());
    }

    @Test
    void theYamlFormHasTheSameKeysAndPlatformLists() {
        var parsed = CalendarFile.parseYaml("""
                - date: 2026-12-24
                  time: "09:00"
                  zone: Europe/Paris
                  platforms: [instagram, facebook]
                  image: library/a.jpg
                  caption: "Hello, world"
                  chain: watermarked
                - date: 2026-12-24
                  time: 18:05:30
                  platforms: x
                  image: library/b.jpg
                - date: 2026-12-24
                  tim: "10:00"
                  platforms: x
                  image: library/b.jpg
                - date: 2026-12-24
                  time: "10:00"
                  platforms: [myspace]
                  image: library/b.jpg
                """, ZoneId.of("UTC"), PRESETS, n -> n.equals("watermarked"));
        assertThat(parsed.posts()).hasSize(2);
        CalendarPost a = parsed.posts().get(0);
        assertThat(a.line()).isEqualTo(1);
        assertThat(a.platforms()).extracting(CalendarPost.Platform::preset).containsExactly("instagram-portrait", "facebook-post");
        assertThat(a.caption()).isEqualTo("Hello, world");
        assertThat(a.instant()).isEqualTo(Instant.parse("2026-12-24T08:00:00Z"));
        assertThat(parsed.posts().get(1).line()).isEqualTo(8);
        assertThat(parsed.posts().get(1).time()).isEqualTo(LocalTime.of(18, 5, 30));
        assertThat(parsed.problems()).extracting(CalendarFile.Problem::toString).containsExactly(
                "config/calendar.yaml:12: unknown key 'tim' (known: date, time, zone, platforms, image, caption, chain)",
                "config/calendar.yaml:16: unknown platform 'myspace' (use blog, facebook, instagram, linkedin, newsletter, pinterest, "
                        + "shop, twitter, x, youtube, or a preset of config/presets.yaml)");
        assertThat(CalendarFile.parseYaml("- date: [unclosed\n", ZoneId.of("UTC"), PRESETS, n -> false).problems())
                .singleElement().satisfies(p -> assertThat(p.toString()).startsWith("config/calendar.yaml:").contains("invalid YAML"));
        assertThat(CalendarFile.parseYaml("date: 2026-12-24\n", ZoneId.of("UTC"), PRESETS, n -> false).problems())
                .singleElement().satisfies(p -> assertThat(p.reason()).contains("must be a list of posts"));
    }
}
