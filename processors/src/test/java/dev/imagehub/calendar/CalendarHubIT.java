package dev.imagehub.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

/**
 * A real hub with a calendar written by the test: posts export at their instant in each platform's preset size with
 * the caption beside them and the day ZIP, edits re-plan without a restart, invalid rows are reported with their line,
 * missed posts run once at start, and rows in other zones fire at their own instant.
 */
class CalendarHubIT {
    static final String HEADER = "date,time,zone,platforms,image,caption,chain\n";

    @TempDir
    Path home;

    void prepare() throws IOException {
        TestHub.prepareHome(home);
        Files.createDirectories(home.resolve("library"));
        Files.write(home.resolve("library/sunset.jpg"), Images.syntheticJpeg(2400, 2000, 1, 70));
        Files.write(home.resolve("library/wine.jpg"), Images.syntheticJpeg(2200, 2100, 2, 70));
        writeCalendar(HEADER);
    }

    /** Replaces the calendar atomically, as an editor saving the file does. */
    void writeCalendar(String text) throws IOException {
        Path tmp = home.resolve("config/.calendar.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, home.resolve("config/calendar.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A local date-time in {@code zone}, {@code seconds} from now, to the second. */
    static ZonedDateTime ahead(ZoneId zone, int seconds) {
        return ZonedDateTime.now(zone).plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
    }

    static String row(ZonedDateTime at, String zoneColumn, String platforms, String image, String caption, String chain) {
        return at.toLocalDate() + "," + at.toLocalTime() + "," + zoneColumn + "," + platforms + "," + image + "," + caption + "," + chain + "\n";
    }

    Path day(ZonedDateTime at) {
        return home.resolve("outbox/calendar").resolve(at.toLocalDate().toString());
    }

    /** The exported name's prefix: HHmm for a time on the minute (as users write them), else HHmmss. */
    static String stem(ZonedDateTime at, String image) {
        if (at.getSecond() == 0) return String.format("%02d%02d-%s", at.getHour(), at.getMinute(), image);
        return String.format("%02d%02d%02d-%s", at.getHour(), at.getMinute(), at.getSecond(), image);
    }

    static void assertSize(Path file, int width, int height) {
        BufferedImage img = Images.read(file);
        assertThat(img.getWidth()).as(file.toString()).isEqualTo(width);
        assertThat(img.getHeight()).as(file.toString()).isEqualTo(height);
    }

    static List<String> zipEntries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) names.add(e.getName());
        }
        return names;
    }

    static Instant instant(Object sqlTimestamp) {
        return ((java.time.OffsetDateTime) sqlTimestamp).toInstant();
    }

    static List<Map<String, Object>> exports(TestHub hub) {
        return hub.sql("SELECT post_key, state, due_at, started_at, image, platforms, error FROM calendar_export ORDER BY due_at, image");
    }

    @Test
    void postsAtTheSameTimeExportInPresetSizesWithCaptionsAndTheDayZipWhileAnInvalidRowIsReported() throws Exception {
        prepare();
        try (TestHub hub = TestHub.start(home, Map.of("hub.calendar.pollMillis", "100"))) {
            ZoneId utc = ZoneId.of("UTC");
            ZonedDateTime at = ahead(utc, 3);
            writeCalendar(HEADER
                    + row(at, "UTC", "instagram|facebook", "library/sunset.jpg", "\"Golden hour, on the coast\"", "")
                    + "2026-11-24,25:00,UTC,instagram,library/sunset.jpg,bad time,\n"
                    + row(at, "UTC", "x;instagram-story", "library/wine.jpg", "Tasting tonight", "watermarked"));
            Path errors = home.resolve("outbox/calendar/calendar-errors.txt");
            Await.until(TestHub.TIMEOUT, "calendar-errors.txt", () -> Files.exists(errors));
            assertThat(Files.readString(errors)).contains("config/calendar.csv:3: time '25:00'");

            Path day = day(at);
            Await.until(TestHub.TIMEOUT, () -> "both posts exported, have " + exports(hub),
                    () -> exports(hub).stream().filter(r -> "DONE".equals(r.get("state"))).count() == 2);
            String sunset = stem(at, "sunset");
            String wine = stem(at, "wine");
            assertSize(day.resolve("instagram/" + sunset + ".jpg"), 1080, 1350);
            assertSize(day.resolve("facebook/" + sunset + ".jpg"), 1200, 630);
            assertSize(day.resolve("x/" + wine + ".jpg"), 1600, 900);
            assertSize(day.resolve("instagram-story/" + wine + ".jpg"), 1080, 1920);
            assertThat(Files.readString(day.resolve("instagram/" + sunset + ".txt"))).isEqualTo("Golden hour, on the coast");
            assertThat(Files.readString(day.resolve("x/" + wine + ".txt"))).isEqualTo("Tasting tonight");
            assertThat(TestHub.names(day.resolve("facebook"))).containsExactly(sunset + ".jpg", sunset + ".txt");

            Path zip = home.resolve("outbox/calendar/" + at.toLocalDate() + ".zip");
            // the ZIP is rebuilt after each post: the second post's rebuild holds both
            assertThat(new TreeSet<>(zipEntries(zip))).containsExactly(
                    "facebook/" + sunset + ".jpg", "facebook/" + sunset + ".txt",
                    "instagram-story/" + wine + ".jpg", "instagram-story/" + wine + ".txt",
                    "instagram/" + sunset + ".jpg", "instagram/" + sunset + ".txt",
                    "report.txt", "x/" + wine + ".jpg", "x/" + wine + ".txt");
            // every platform's chain run is in usage_log under route 'calendar': the preset resize, then the row's chain
            assertThat(hub.sql("SELECT details FROM usage_log WHERE route = 'calendar' AND step = 'resize'"))
                    .extracting(r -> ((String) r.get("details")).replaceAll(";.*", ""))
                    .containsExactlyInAnyOrder("platform instagram", "platform facebook", "platform x", "platform instagram-story",
                            "platform x", "platform instagram-story");
            assertThat(hub.sql("SELECT file_name FROM usage_log WHERE route = 'calendar' AND step = 'watermark'"))
                    .extracting(r -> r.get("file_name")).containsExactly("library/wine.jpg", "library/wine.jpg");
            for (Map<String, Object> r : exports(hub)) {
                Instant due = instant(r.get("due_at"));
                assertThat(due).isEqualTo(at.toInstant());
                assertThat(instant(r.get("started_at"))).isAfterOrEqualTo(due);
            }

            // fixing the row removes the report and the fixed row runs too
            ZonedDateTime later = ahead(utc, 2);
            writeCalendar(HEADER
                    + row(at, "UTC", "instagram|facebook", "library/sunset.jpg", "\"Golden hour, on the coast\"", "")
                    + row(later, "UTC", "linkedin", "library/sunset.jpg", "fixed", "")
                    + row(at, "UTC", "x;instagram-story", "library/wine.jpg", "Tasting tonight", "watermarked"));
            Await.until(TestHub.TIMEOUT, "the fixed row exported", () -> exports(hub).size() == 3
                    && exports(hub).stream().allMatch(r -> "DONE".equals(r.get("state"))));
            assertThat(errors).doesNotExist();
            assertSize(day(later).resolve("linkedin/" + stem(later, "sunset") + ".jpg"), 1200, 627);
        }
    }

    @Test
    void theShippedLibraryPicturesLeaveAtEachPlatformsExactSizeReadableAndTheDayReportSaysWhatWasEnlarged() throws Exception {
        TestHub.prepareHome(home);
        Path source = Path.of(System.getProperty("test.hub.source", "..")).resolve("library");
        Files.createDirectories(home.resolve("library"));
        for (String n : List.of("sunset.jpg", "wine.jpg")) Files.copy(source.resolve(n), home.resolve("library/" + n));
        writeCalendar(HEADER);
        try (TestHub hub = TestHub.start(home, Map.of("hub.calendar.pollMillis", "100"))) {
            ZonedDateTime at = ahead(ZoneId.of("UTC"), 3);
            writeCalendar(HEADER + row(at, "UTC", "instagram|x|instagram-story", "library/sunset.jpg", "Golden hour", "")
                    + row(at, "UTC", "instagram|x", "library/wine.jpg", "Tasting tonight", ""));
            Await.until(TestHub.TIMEOUT, () -> "both posts exported, have " + exports(hub),
                    () -> exports(hub).stream().filter(r -> "DONE".equals(r.get("state"))).count() == 2);
            Path day = day(at);
            String sunset = stem(at, "sunset");
            String wine = stem(at, "wine");
            assertSize(day.resolve("instagram/" + sunset + ".jpg"), 1080, 1350);
            assertSize(day.resolve("x/" + sunset + ".jpg"), 1600, 900);
            assertSize(day.resolve("instagram-story/" + sunset + ".jpg"), 1080, 1920);
            assertSize(day.resolve("instagram/" + wine + ".jpg"), 1080, 1350);
            assertSize(day.resolve("x/" + wine + ".jpg"), 1600, 900);
            String report = Files.readString(day.resolve("report.txt"));
            assertThat(report).contains(sunset + ": instagram 1080x1350, x 1600x900, instagram-story 1080x1920")
                    .contains("instagram-story: the picture (1800x1200) is smaller than instagram-story's 1080x1920, so it was enlarged 1.60x")
                    .contains(wine + ": instagram 1080x1350, x 1600x900")
                    .contains("x: the picture (1201x1800) is smaller than x's 1600x900, so it was enlarged");
            // exports are readable like every other output, not private to the hub's user
            Path probe = Files.createFile(day.resolve(".probe"));
            var expected = Files.getPosixFilePermissions(probe);
            Files.delete(probe);
            for (Path f : List.of(day.resolve("instagram/" + sunset + ".jpg"), day.resolve("instagram/" + sunset + ".txt"),
                    day.resolve("report.txt"), home.resolve("outbox/calendar/" + at.toLocalDate() + ".zip"))) {
                assertThat(Files.getPosixFilePermissions(f)).as(f.toString()).isEqualTo(expected);
            }
        }
    }

    @Test
    void editsTakeEffectWithoutRestartAddedRowsRunAndRemovedRowsDoNot() throws Exception {
        prepare();
        try (TestHub hub = TestHub.start(home, Map.of("hub.calendar.pollMillis", "100"))) {
            ZoneId zone = ZoneId.of("Europe/Berlin");
            ZonedDateTime first = ahead(zone, 4);
            ZonedDateTime second = first.plusSeconds(2);
            String removed = row(first, "Europe/Berlin", "x", "library/sunset.jpg", "removed before its time", "");
            String kept = row(second, "Europe/Berlin", "x", "library/wine.jpg", "kept", "");
            writeCalendar(HEADER + removed + kept);
            Await.until(TestHub.TIMEOUT, "two posts scheduled", () -> hub.services().calendar().scheduledKeys().size() == 2);
            writeCalendar(HEADER + kept);
            Await.until(TestHub.TIMEOUT, "the removed post unscheduled", () -> hub.services().calendar().scheduledKeys().size() == 1);
            // the kept post is due after the removed one, so once it is exported the removed one would have run too
            Await.until(TestHub.TIMEOUT, () -> "the kept post exported, have " + exports(hub),
                    () -> exports(hub).stream().anyMatch(r -> "DONE".equals(r.get("state"))));
            assertThat(exports(hub)).singleElement().satisfies(r -> assertThat(r.get("image")).isEqualTo("library/wine.jpg"));
            assertThat(TestHub.names(day(second).resolve("x"))).containsExactly(stem(second, "wine") + ".jpg", stem(second, "wine") + ".txt");
            // Quartz drops a one-shot trigger only when its job returns, just after the export is recorded as DONE
            Await.until(TestHub.TIMEOUT, () -> "nothing left scheduled, have " + hub.services().calendar().scheduledKeys(),
                    () -> hub.services().calendar().scheduledKeys().isEmpty());
        }
    }

    @Test
    void rowsInOtherZonesFireAtTheirOwnInstantIntoTheirLocalDate() throws Exception {
        prepare();
        try (TestHub hub = TestHub.start(home, Map.of("hub.calendar.pollMillis", "100", "hub.calendar.zone", "Pacific/Kiritimati"))) {
            ZonedDateTime kathmandu = ahead(ZoneId.of("Asia/Kathmandu"), 3);
            ZonedDateTime stJohns = ahead(ZoneId.of("America/St_Johns"), 3);
            ZonedDateTime kiritimati = ahead(ZoneId.of("Pacific/Kiritimati"), 3);
            // config/calendar.yaml is planned together with the CSV; its post has no zone: hub.calendar.zone applies
            Files.writeString(home.resolve("config/.calendar-yaml.tmp"), """
                    - date: %s
                      time: "%s"
                      platforms: [facebook]
                      image: library/wine.jpg
                      caption: kiritimati
                    """.formatted(kiritimati.toLocalDate(), kiritimati.toLocalTime()));
            Files.move(home.resolve("config/.calendar-yaml.tmp"), home.resolve("config/calendar.yaml"), StandardCopyOption.ATOMIC_MOVE);
            writeCalendar(HEADER
                    + row(kathmandu, "Asia/Kathmandu", "x", "library/sunset.jpg", "kathmandu", "")
                    + row(stJohns, "America/St_Johns", "x", "library/wine.jpg", "st johns", ""));
            Await.until(TestHub.TIMEOUT, () -> "three posts exported, have " + exports(hub),
                    () -> exports(hub).stream().filter(r -> "DONE".equals(r.get("state"))).count() == 3);
            for (Map<String, Object> r : exports(hub)) {
                Instant due = instant(r.get("due_at"));
                assertThat(instant(r.get("started_at"))).isAfterOrEqualTo(due);
            }
            assertThat(exports(hub)).extracting(r -> instant(r.get("due_at"))).containsExactlyInAnyOrder(
                    kathmandu.toInstant(), stJohns.toInstant(), kiritimati.toInstant());
            assertThat(Files.readString(day(kathmandu).resolve("x/" + stem(kathmandu, "sunset") + ".txt"))).isEqualTo("kathmandu");
            assertThat(Files.readString(day(stJohns).resolve("x/" + stem(stJohns, "wine") + ".txt"))).isEqualTo("st johns");
            assertThat(Files.readString(day(kiritimati).resolve("facebook/" + stem(kiritimati, "wine") + ".txt"))).isEqualTo("kiritimati");
        }
    }

    @Test
    void aPostMissedWhileTheHubWasDownRunsOnceAtStartAndNotAgain() throws Exception {
        prepare();
        ZoneId utc = ZoneId.of("UTC");
        ZonedDateTime hourAgo = ZonedDateTime.now(utc).minusHours(1).truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime longAgo = hourAgo.minusDays(3);
        writeCalendar(HEADER
                + row(hourAgo, "UTC", "instagram", "library/sunset.jpg", "late", "")
                + row(longAgo, "UTC", "instagram", "library/wine.jpg", "too late", ""));
        Path late = day(hourAgo).resolve("instagram/" + stem(hourAgo, "sunset") + ".jpg");
        Object firstStart;
        try (TestHub hub = TestHub.start(home)) {
            Await.until(TestHub.TIMEOUT, () -> "the late post exported, have " + exports(hub),
                    () -> exports(hub).stream().anyMatch(r -> "DONE".equals(r.get("state"))));
            assertThat(exports(hub)).extracting(r -> r.get("image") + " " + r.get("state"))
                    .containsExactly("library/wine.jpg MISSED", "library/sunset.jpg DONE");
            assertThat(day(longAgo).resolve("instagram")).doesNotExist();
            assertSize(late, 1080, 1350);
            firstStart = exports(hub).get(1).get("started_at");
        }

        // second start: nothing past-due is left, so nothing is scheduled and nothing runs again; a new late row does run
        ZonedDateTime newLate = hourAgo.plusMinutes(1);
        writeCalendar(HEADER
                + row(hourAgo, "UTC", "instagram", "library/sunset.jpg", "late", "")
                + row(longAgo, "UTC", "instagram", "library/wine.jpg", "too late", "")
                + row(newLate, "UTC", "x", "library/wine.jpg", "sentinel", ""));
        try (TestHub hub = TestHub.start(home)) {
            Await.until(TestHub.TIMEOUT, () -> "the new late post exported, have " + exports(hub),
                    () -> exports(hub).stream().filter(r -> "DONE".equals(r.get("state"))).count() == 2);
            assertThat(exports(hub)).hasSize(3);
            assertThat(exports(hub).stream().filter(r -> "library/sunset.jpg".equals(r.get("image")))).singleElement()
                    .satisfies(r -> assertThat(r.get("started_at")).isEqualTo(firstStart));
            assertThat(TestHub.names(day(hourAgo).resolve("instagram"))).containsExactly(stem(hourAgo, "sunset") + ".jpg", stem(hourAgo, "sunset") + ".txt");

            // a crash in the middle of an export leaves its claim RUNNING: the next start exports it again, once
            try (Connection c = hub.services().dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE calendar_export SET state = 'RUNNING' WHERE image = 'library/sunset.jpg'");
            }
        }
        Files.delete(late);
        try (TestHub hub = TestHub.start(home)) {
            Await.until(TestHub.TIMEOUT, "the interrupted export redone", () -> Files.exists(late)
                    && exports(hub).stream().filter(r -> "DONE".equals(r.get("state"))).count() == 2);
            assertThat(exports(hub)).hasSize(3);
            assertSize(late, 1080, 1350);
        }
    }
}
