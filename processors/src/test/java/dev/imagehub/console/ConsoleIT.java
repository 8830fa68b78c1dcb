package dev.imagehub.console;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.ConsoleClient;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console over real loopback HTTP against a real hub and its HSQLDB: logins, roles, CSRF, costs, files and retry. */
class ConsoleIT {
    private static final String ADMIN_PASSWORD = "correct horse battery";
    private static final Pattern JOB_LINK = Pattern.compile("href=\"/console/files/([0-9a-f-]{36})\"");

    @TempDir
    Path home;

    private TestHub start(int port) {
        TestHub.prepareHome(home);
        return TestHub.start(home, Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(port)),
                Map.of(ConsoleSetup.ADMIN_PASSWORD, ADMIN_PASSWORD));
    }

    @Test
    void nothing_is_shown_or_changed_without_a_session_and_logins_are_throttled() throws Exception {
        int port = TestHub.freePort();
        try (TestHub hub = start(port)) {
            ConsoleClient anonymous = new ConsoleClient(port);
            HttpResponse<String> page = anonymous.get("/console/");
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).hasValue("/console/login?next=%2Fconsole%2F");
            assertThat(anonymous.get("/").headers().firstValue("Location")).hasValue("/console/");
            for (String path : List.of("/console/live", "/console/costs.csv", "/console/files/00000000-0000-0000-0000-000000000000/file/0")) {
                assertThat(anonymous.get(path).statusCode()).as(path).isEqualTo(401);
            }
            for (String path : List.of("/console/files/00000000-0000-0000-0000-000000000000/retry", "/console/folders/web/retry", "/console/users",
                    "/console/logout")) {
                assertThat(anonymous.post(path, Map.of()).statusCode()).as(path).isEqualTo(401);
            }
            // a login form that did not come from the hub is refused
            assertThat(anonymous.postRaw("/console/login", Map.of("user", "admin", "password", ADMIN_PASSWORD), null).statusCode()).isEqualTo(403);

            HttpResponse<String> wrong = anonymous.login("admin", "not the password");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("Wrong user name or password");
            for (int i = 0; i < LoginThrottle.FREE - 1; i++) anonymous.login("admin", "guess " + i);
            HttpResponse<String> throttled = anonymous.login("admin", ADMIN_PASSWORD);
            assertThat(throttled.statusCode()).as("even the right password waits after %d failures", LoginThrottle.FREE).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
            assertThat(throttled.body()).contains("Too many failed logins");

            // the refused logins are in the audit trail, with the address, never with the password
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM console_audit WHERE action = 'login-refused'").get(0).values().iterator().next())
                    .hasToString(String.valueOf(LoginThrottle.FREE));
            assertThat(hub.sql("SELECT detail, target FROM console_audit").toString()).doesNotContain("guess", "not the password");
        }
    }

    @Test
    void a_reviewer_retries_a_failed_file_once_a_viewer_cannot_and_every_change_needs_its_token() throws Exception {
        int port = TestHub.freePort();
        try (TestHub hub = start(port)) {
            ConsoleClient admin = new ConsoleClient(port);
            HttpResponse<String> in = admin.login("admin", ADMIN_PASSWORD);
            assertThat(in.statusCode()).isEqualTo(303);
            String cookie = in.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith(Console.SESSION_COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Secure", "Path=/console");
            HttpResponse<String> overview = admin.get("/console/");
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
            assertThat(overview.body()).contains("data-folder=\"web\"", "Hot folders today");

            // an admin adds a viewer and a reviewer through the Users page
            admin.get("/console/users");
            assertThat(admin.post("/console/users", Map.of("name", "vera", "role", "viewer", "password", "viewer password 1")).body()).contains("Added vera");
            assertThat(admin.post("/console/users", Map.of("name", "rob", "role", "reviewer", "password", "short")).body()).contains("at least 12 characters");
            assertThat(admin.post("/console/users", Map.of("name", "rob", "role", "reviewer", "password", "reviewer password 1")).body()).contains("Added rob");

            hub.drop("web", "broken.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});
            hub.awaitFiles(hub.failed("web"), 2);                                   // the original and its .error.json
            ConsoleClient viewer = new ConsoleClient(port);
            assertThat(viewer.login("vera", "viewer password 1").statusCode()).isEqualTo(303);
            HttpResponse<String> failedList = viewer.get("/console/files?folder=web&status=FAILED");
            Matcher link = JOB_LINK.matcher(failedList.body());
            assertThat(link.find()).as(failedList.body()).isTrue();
            String job = link.group(1);
            HttpResponse<String> filePage = viewer.get("/console/files/" + job);
            assertThat(filePage.body()).contains("broken.jpg", "id=\"why\"").doesNotContain("id=\"retry\"");
            assertThat(viewer.post("/console/files/" + job + "/retry", Map.of()).statusCode()).as("a viewer cannot retry").isEqualTo(403);
            assertThat(viewer.post("/console/users", Map.of("name", "x", "role", "admin", "password", "whatever password")).statusCode()).isEqualTo(403);

            ConsoleClient reviewer = new ConsoleClient(port);
            assertThat(reviewer.login("rob", "reviewer password 1").statusCode()).isEqualTo(303);
            assertThat(reviewer.get("/console/files/" + job).body()).contains("id=\"retry\"");
            // without the token, with a wrong one, or from another site: refused, and the file stays where it is
            assertThat(reviewer.postRaw("/console/files/" + job + "/retry", Map.of(), null).statusCode()).isEqualTo(403);
            assertThat(reviewer.postRaw("/console/files/" + job + "/retry", Map.of("_csrf", "forged"), null).statusCode()).isEqualTo(403);
            assertThat(reviewer.postRaw("/console/files/" + job + "/retry", Map.of("_csrf", reviewer.csrf()), "http://evil.example").statusCode())
                    .isEqualTo(403);
            assertThat(Files.exists(hub.failed("web").resolve("broken.jpg"))).isTrue();

            HttpResponse<String> retried = reviewer.post("/console/files/" + job + "/retry", Map.of());
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(retried.body()).contains("is back in inbox/web");
            // it runs again as a new file (and fails again: it is still broken); a second click does nothing
            Await.until(TestHub.TIMEOUT, "the retried file ran again",
                    () -> ((Number) hub.sql("SELECT COUNT(*) AS n FROM hub_job WHERE file_name = 'broken.jpg' AND state = 'FAILED' AND finalized = TRUE").get(0).get("n")).intValue() == 2);
            assertThat(reviewer.post("/console/files/" + job + "/retry", Map.of()).body()).contains("already sent back");
            hub.awaitFiles(hub.failed("web"), 2);
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job WHERE file_name = 'broken.jpg' AND state <> 'ABANDONED'").get(0).get("n")).hasToString("2");

            HttpResponse<String> audit = admin.get("/console/audit");
            assertThat(audit.body()).contains("user-added", "vera", "rob", "retry", "web/broken.jpg", "refused");
            assertThat(reviewer.get("/console/audit").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void a_files_page_shows_its_lineage_and_serves_only_its_own_files() throws Exception {
        int port = TestHub.freePort();
        try (TestHub hub = start(port)) {
            byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
            hub.drop("web", "sunset.jpg", photo);
            hub.awaitFiles(hub.done("web"), 1);
            Await.until(TestHub.TIMEOUT, "the job finalized",
                    () -> !hub.sql("SELECT job_id FROM hub_job WHERE file_name = 'sunset.jpg' AND finalized = TRUE AND published IS NOT NULL").isEmpty());
            ConsoleClient c = new ConsoleClient(port);
            c.login("admin", ADMIN_PASSWORD);
            Matcher link = JOB_LINK.matcher(c.get("/console/files?q=SUNS").body());
            assertThat(link.find()).isTrue();
            String job = link.group(1);
            String page = c.get("/console/files/" + job).body();
            assertThat(page).contains("Before and after", "id=\"lineage\"", "<td>decode</td>", "<td>encode</td>", "sunset");
            assertThat(new ConsoleClient(port).bytes("/console/files/" + job + "/file/0").statusCode()).as("no session, no file").isEqualTo(401);
            // with the session: the original as archived in .done/, and the first output as published in the outbox
            HttpResponse<byte[]> original = c.bytes("/console/files/" + job + "/file/0");
            assertThat(original.statusCode()).isEqualTo(200);
            assertThat(original.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(original.body()).isEqualTo(photo);
            Path published = home.resolve(hub.sql("SELECT published FROM hub_job WHERE job_id = ?", job).get(0).get("published").toString().split("\n")[0]);
            assertThat(published).exists().startsWith(home.resolve("outbox"));
            assertThat(c.bytes("/console/files/" + job + "/file/1").body()).isEqualTo(Files.readAllBytes(published));

            // nothing outside the hub folders, whatever the URL or the journal says
            for (String path : List.of("/console/files/" + job + "/file/../../../../etc/passwd", "/console/files/" + job + "/file/9",
                    "/console/static/../../../etc/passwd", "/console/static/%2e%2e%2fconsole.css", "/console/files/..%2F..%2Fetc%2Fpasswd")) {
                assertThat(c.get(path).statusCode()).as(path).isIn(400, 404);
            }
            try (Connection db = hub.services().dataSource().getConnection();
                 PreparedStatement ps = db.prepareStatement("UPDATE hub_job SET original_file = '../../../../../../etc/passwd' WHERE job_id = ?")) {
                ps.setString(1, job);
                ps.executeUpdate();
            }
            assertThat(c.get("/console/files/" + job + "/file/0").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void costs_equal_sql_over_the_ledger_to_the_cent_as_a_table_and_as_csv() throws Exception {
        int port = TestHub.freePort();
        try (TestHub hub = start(port)) {
            ZoneId zone = hub.services().budgets().config().zone();
            LocalDate today = LocalDate.now(zone);
            String[] models = {"wavespeed-ai/flux-kontext-pro", "bytedance/seedream-v4", "google/nano-banana/edit"};
            String[] routes = {"hotfolder-web", "hotfolder-upscale", "mail-studio"};
            // written as the hub writes them (usage_log and its daily totals in one transaction), at times over 40 days
            try (Connection db = hub.services().dataSource().getConnection()) {
                java.util.Random random = new java.util.Random(7);
                for (int i = 0; i < 240; i++) {
                    java.time.Instant ts = today.minusDays(random.nextInt(40)).atTime(random.nextInt(24), random.nextInt(60)).atZone(zone).toInstant();
                    BigDecimal cost = new BigDecimal(random.nextInt(250_000)).movePointLeft(6);     // up to 0.25 with six decimals
                    var origin = new dev.imagehub.ledger.UsageOrigin(ts, i % 5 == 0 ? "mail" : "hotfolder", routes[i % 3], "seed-" + i, "f.jpg", null,
                            null, null, null);
                    dev.imagehub.ledger.UsageLog.write(db, origin, List.of(new dev.imagehub.ledger.UsageRecord("ai", i, "wavespeed",
                            models[random.nextInt(3)], null, "ok", cost, cost, 10, 1, 1, null, null)));
                }
            }
            ConsoleClient c = new ConsoleClient(port);
            c.login("admin", ADMIN_PASSWORD);
            LocalDate from = today.minusDays(29);
            HttpResponse<String> page = c.get("/console/costs?period=day&by=model&from=" + from + "&to=" + today);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<svg", "class=\"chart\"", "id=\"cost-table\"");
            String csv = c.get("/console/costs.csv?period=day&by=model&from=" + from + "&to=" + today).body();
            List<List<String>> rows = dev.imagehub.config.Csv.records(csv).stream().map(dev.imagehub.config.Csv.Record::cells).toList();
            for (String model : models) {
                BigDecimal sql = (BigDecimal) hub.sql("SELECT COALESCE(SUM(cost_usd), 0) AS s FROM usage_log WHERE model = ? AND ts >= ? AND ts < ?", model,
                        from.atStartOfDay(zone).toOffsetDateTime(), today.plusDays(1).atStartOfDay(zone).toOffsetDateTime()).get(0).get("s");
                int column = rows.get(0).indexOf(model);
                assertThat(column).as(model + " has a column").isPositive();
                List<String> totals = rows.get(rows.size() - 1);
                assertThat(totals.get(0)).isEqualTo("total");
                assertThat(new BigDecimal(totals.get(column))).as(model).isEqualByComparingTo(sql);
                assertThat(page.body()).contains(CostReport.usd(sql));
                // and each day's cell equals that day's SQL
                for (int d = 0; d < 30; d += 7) {
                    LocalDate day = from.plusDays(d);
                    BigDecimal daySql = (BigDecimal) hub.sql("SELECT COALESCE(SUM(cost_usd), 0) AS s FROM usage_log WHERE model = ? AND ts >= ? AND ts < ?", model,
                            day.atStartOfDay(zone).toOffsetDateTime(), day.plusDays(1).atStartOfDay(zone).toOffsetDateTime()).get(0).get("s");
                    List<String> dayRow = rows.stream().filter(r -> r.get(0).equals(day.toString())).findFirst().orElseThrow();
                    assertThat(new BigDecimal(dayRow.get(column))).as(model + " on " + day).isEqualByComparingTo(daySql);
                }
            }
            BigDecimal all = (BigDecimal) hub.sql("SELECT SUM(cost_usd) AS s FROM usage_log WHERE ts >= ? AND ts < ?",
                    from.atStartOfDay(zone).toOffsetDateTime(), today.plusDays(1).atStartOfDay(zone).toOffsetDateTime()).get(0).get("s");
            assertThat(page.body()).contains("id=\"total\">$" + CostReport.usd(all));
            assertThat(c.get("/console/report?period=week&by=folder&from=" + from + "&to=" + today).body()).contains("AI costs", "hotfolder-web", "<svg");

            // trends: the calls per model and the time per step, as SQL counts them
            String trends = c.get("/console/trends?from=" + from + "&to=" + today).body();
            for (String model : models) {
                long calls = ((Number) hub.sql("SELECT COUNT(*) AS n FROM usage_log WHERE model = ? AND ts >= ? AND ts < ?", model,
                        from.atStartOfDay(zone).toOffsetDateTime(), today.plusDays(1).atStartOfDay(zone).toOffsetDateTime()).get(0).get("n")).longValue();
                assertThat(trends).contains(model.substring(0, Math.min(model.length(), 25))).contains(">" + calls + " calls");
            }
            assertThat(trends).contains("id=\"steps\"", "<td>ai</td>");
        }
    }

    @Test
    void the_library_shows_chains_layouts_brand_and_watermarks_as_pictures() throws Exception {
        int port = TestHub.freePort();
        try (TestHub hub = start(port)) {
            ConsoleClient c = new ConsoleClient(port);
            c.login("admin", ADMIN_PASSWORD);
            String page = c.get("/console/library").body();
            assertThat(page).contains("id=\"chains\"", "<b>web</b>", "autoOrient", "id=\"layouts\"", "instagram-post", "id=\"brand\"", "fill=\"#",
                    "watermark copyright");
            HttpResponse<byte[]> sheet = c.bytes("/console/library/templates.png");
            assertThat(sheet.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(dev.imagehub.testing.Images.read(sheet.body()).getWidth()).isGreaterThan(500);
            HttpResponse<byte[]> mark = c.bytes("/console/library/watermark/copyright");
            assertThat(mark.statusCode()).isEqualTo(200);
            java.awt.image.BufferedImage img = dev.imagehub.testing.Images.read(mark.body());
            assertThat(img.getWidth()).isEqualTo(800);
            assertThat(c.get("/console/library/watermark/none-such").statusCode()).isEqualTo(404);
            assertThat(c.get("/console/library/logo/../../etc/passwd").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void the_console_can_be_turned_off_while_health_and_metrics_stay() throws Exception {
        int port = TestHub.freePort();
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home, Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(port), "hub.console.enabled", "false"))) {
            ConsoleClient c = new ConsoleClient(port);
            assertThat(c.get("/console/login").statusCode()).isEqualTo(404);
            assertThat(c.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_console_reachable_from_other_machines_does_not_start_without_users() {
        TestHub.prepareHome(home);
        assertThatThrownBy(() -> TestHub.start(home, Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(TestHub.freePort()),
                "hub.http.host", "0.0.0.0")))
                .hasMessageContaining("hub.http.host").hasMessageContaining("no users").hasMessageContaining("./hub user add");
    }
}
