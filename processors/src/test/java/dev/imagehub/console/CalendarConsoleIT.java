package dev.imagehub.console;

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.ConsoleClient;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** The calendar in the console: a month with its posts and their status, and a post previewed at each platform's size. */
class CalendarConsoleIT {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;

    @Test
    void a_month_shows_planned_and_missed_posts_and_a_post_previews_at_each_platform_size_before_its_time() throws Exception {
        int port = TestHub.freePort();
        TestHub.prepareHome(home);
        Files.createDirectories(home.resolve("library"));
        Files.write(home.resolve("library/beach.jpg"), Images.syntheticJpeg(2400, 1600, 1, 80));
        LocalDate soon = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(20);
        Files.writeString(home.resolve("config/calendar.csv"), "date,time,zone,platforms,image,caption,chain\n"
                + soon + ",09:30,UTC,instagram|facebook,library/beach.jpg,\"Summer <sale>, 30% off\",\n"
                + old + ",10:00,UTC,instagram,library/beach.jpg,Long gone,\n", StandardCharsets.UTF_8);
        try (TestHub hub = TestHub.start(home, Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(port)),
                Map.of(ConsoleSetup.ADMIN_PASSWORD, PASSWORD))) {
            Await.until(TestHub.TIMEOUT, "the calendar planned", () -> hub.services().calendar().posts().size() == 2);
            ConsoleClient c = new ConsoleClient(port);
            c.login("admin", PASSWORD);
            String month = c.get("/console/calendar?view=month&date=" + soon).body();
            assertThat(month).contains("data-date=\"" + soon + "\"", "Summer &lt;sale&gt;, 30% off", "instagram, facebook", "planned");
            String earlier = c.get("/console/calendar?view=week&date=" + old).body();
            Await.until(TestHub.TIMEOUT, "the old post recorded as missed", () -> {
                try {
                    return c.get("/console/calendar?view=week&date=" + old).body().contains("class=\"status\">missed");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(earlier).contains("Long gone");

            Matcher post = Pattern.compile("href=\"(/console/calendar/post/[0-9a-f]{64})\" title=\"Summer").matcher(month);
            assertThat(post.find()).isTrue();
            String page = c.get(post.group(1)).body();
            assertThat(page).contains("As each platform will get it", "instagram", "facebook");
            for (String platform : new String[] {"instagram", "facebook"}) {
                HttpResponse<byte[]> preview = c.bytes(post.group(1) + "/preview/" + platform);
                assertThat(preview.statusCode()).isEqualTo(200);
                BufferedImage img = Images.read(preview.body());
                assertThat(preview.headers().firstValue("X-Preview-Size")).hasValue(img.getWidth() + "x" + img.getHeight());
            }
            // nothing written: the preview is not an export
            assertThat(home.resolve("outbox/calendar").resolve(soon.toString())).doesNotExist();
            assertThat(c.get(post.group(1) + "/preview/tiktok").statusCode()).isEqualTo(404);
            assertThat(c.get("/console/calendar/post/../../config/file").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void a_post_whose_chain_asks_for_review_waits_and_is_exported_to_its_day_when_approved_or_set_aside_when_declined() throws Exception {
        int port = TestHub.freePort();
        TestHub.prepareHome(home);
        Path chains = home.resolve("config").resolve("chains.yaml");
        Files.writeString(chains, Files.readString(chains) + "\nproofed:\n  description: Calendar posts a person approves\n  review: true\n"
                + "  steps:\n    - compress: { quality: 80 }\n");
        Files.createDirectories(home.resolve("library"));
        Files.write(home.resolve("library/beach.jpg"), Images.syntheticJpeg(2400, 1600, 1, 80));
        Files.write(home.resolve("library/dunes.jpg"), Images.syntheticJpeg(2000, 1600, 2, 80));
        java.time.ZonedDateTime at = java.time.ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        LocalDate day = at.toLocalDate();
        Files.writeString(home.resolve("config/calendar.csv"), "date,time,zone,platforms,image,caption,chain\n"
                + day + "," + at.toLocalTime() + ",UTC,instagram,library/beach.jpg,Beach day,proofed\n"
                + day + "," + at.toLocalTime() + ",UTC,facebook,library/dunes.jpg,Dunes,proofed\n", StandardCharsets.UTF_8);
        try (TestHub hub = TestHub.start(home, Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(port), "hub.calendar.pollMillis", "100"),
                Map.of(ConsoleSetup.ADMIN_PASSWORD, PASSWORD))) {
            Await.until(TestHub.TIMEOUT, "both posts held for review", () -> hub.sql("SELECT post_key FROM calendar_export WHERE state = 'REVIEW'").size() == 2);
            assertThat(home.resolve("outbox/calendar").resolve(day.toString())).as("nothing exported before approval").doesNotExist();
            ConsoleClient c = new ConsoleClient(port);
            c.login("admin", PASSWORD);
            String queue = c.get("/console/review").body();
            assertThat(queue).contains("library/beach.jpg", "library/dunes.jpg", "id=\"review-count\">2<");
            assertThat(c.get("/console/calendar?view=week&date=" + day).body()).contains("waits for review");
            Matcher approve = Pattern.compile("data-post=\"library/beach.jpg\"[\\s\\S]*?action=\"(/console/review/post-[0-9a-f]{64})/approve\"").matcher(queue);
            assertThat(approve.find()).isTrue();
            assertThat(c.post(approve.group(1) + "/approve", Map.of()).body()).contains("exported to outbox/calendar/" + day);
            Path instagram = home.resolve("outbox/calendar").resolve(day.toString()).resolve("instagram");
            assertThat(TestHub.names(instagram)).anyMatch(n -> n.endsWith("-beach.jpg")).anyMatch(n -> n.endsWith("-beach.txt"));
            assertThat(CalendarZip.entries(home.resolve("outbox/calendar").resolve(day + ".zip"))).anyMatch(n -> n.startsWith("instagram/"));
            Matcher decline = Pattern.compile("action=\"(/console/review/post-[0-9a-f]{64})/decline\"").matcher(c.get("/console/review").body());
            assertThat(decline.find()).isTrue();
            assertThat(c.post(decline.group(1) + "/decline", Map.of("comment", "wrong season")).body()).contains("moved to outbox/calendar/declined/" + day);
            assertThat(TestHub.names(home.resolve("outbox/calendar/declined").resolve(day.toString()).resolve("facebook"))).anyMatch(n -> n.endsWith("-dunes.jpg"));
            assertThat(hub.sql("SELECT state, error FROM calendar_export WHERE image = 'library/dunes.jpg'").get(0))
                    .containsEntry("state", "DECLINED").containsEntry("error", "declined by admin: wrong season");
            assertThat(c.get("/console/review").body()).contains("No post waits");
            assertThat(c.get("/console/audit").body()).contains("calendar post", "wrong season");
        }
    }

    /** The names in a ZIP. */
    private static final class CalendarZip {
        static java.util.List<String> entries(Path zip) throws java.io.IOException {
            java.util.List<String> names = new java.util.ArrayList<>();
            try (var z = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
                for (java.util.zip.ZipEntry e; (e = z.getNextEntry()) != null; ) names.add(e.getName());
            }
            return names;
        }
    }
}
