package dev.imagehub.console;

import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver, installed by .ci/run) against a real
 * hub: log in, watch the overview change by itself, read the cost chart and table, open a file's lineage and its
 * before/after view, retry a failed file. Each page is saved as a screenshot (target/console-screenshots) for
 * docs/console.md.
 */
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PASSWORD = "correct horse battery";
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    @TempDir
    Path home;

    private WebDriver browser;

    @BeforeEach
    void openBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--enable-unsafe-swiftshader");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) browser.quit();
    }

    @Test
    void a_reviewer_sees_the_day_its_costs_and_a_files_lineage_and_retries_a_failure() throws Exception {
        int port = TestHub.freePort();
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("routes").resolve("proofs.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-proofs
                    parameters:
                      - { name: name, value: proofs }
                      - { name: chain, value: instagram }
                      - { name: review, value: "true" }
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-versus
                    parameters:
                      - { name: name, value: versus }
                      - { name: chain, value: versus }
                """);
        Path chains = home.resolve("config").resolve("chains.yaml");
        Files.writeString(chains, Files.readString(chains) + "\nversus:\n  description: Two upscalers side by side\n  steps:\n"
                + "    - upscale: { factor: 2, compare: [wavespeed-ai/image-upscaler, bria/increase-resolution] }\n");
        Files.createDirectories(home.resolve("library"));
        Files.write(home.resolve("library/sunset.jpg"), Fixtures.bytes("photo-sunset-1800.jpg"));
        LocalDate soon = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2);
        Files.writeString(home.resolve("config/calendar.csv"), "date,time,zone,platforms,image,caption,chain\n"
                + soon + ",09:30,UTC,instagram|facebook,library/sunset.jpg,Golden hour on the ridge,\n"
                + soon.plusDays(3) + ",18:00,UTC,instagram-story,library/sunset.jpg,Last light,\n");
        try (dev.imagehub.wavespeed.emulator.WaveSpeedEmulator emu = dev.imagehub.wavespeed.emulator.WaveSpeedEmulator.start(0, Duration.ofMillis(100));
             TestHub hub = TestHub.start(home, Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(port)),
                Map.of(ConsoleSetup.ADMIN_PASSWORD, PASSWORD, "WAVESPEED_API_KEY", "test-key", "WAVESPEED_BASE_URL", emu.baseUrl()))) {
            seedCosts(hub);
            String base = "http://127.0.0.1:" + port;
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            // the overview replaces its figures every 1.5 s: an element read as it is swapped is read again
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);

            browser.get(base + "/console/");
            assertThat(browser.getCurrentUrl()).contains("/console/login");
            shot("login");
            browser.findElement(By.name("user")).sendKeys("admin");
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("form button[type=submit]")).click();
            wait.until(d -> d.findElements(By.id("folders")).size() == 1);

            // the overview counts a file that finishes while it is open, without a reload
            String before = wait.until(d -> d.findElement(By.cssSelector("tr[data-folder=web] td.done")).getText());
            ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
            hub.drop("web", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("web", "broken.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});
            wait.until(d -> d.findElement(By.cssSelector("tr[data-folder=web] td.done")).getText().equals(String.valueOf(Integer.parseInt(before) + 1)));
            assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);
            hub.awaitFiles(hub.failed("web"), 2);
            wait.until(d -> d.findElement(By.id("failures")).getText().contains("broken.jpg"));
            shot("overview");

            // costs: the chart and the table, whose total is the ledger's
            browser.get(base + "/console/costs?by=model");
            WebElement chart = browser.findElement(By.cssSelector("svg.chart"));
            assertThat(chart.findElements(By.tagName("rect")).size()).isGreaterThan(5);
            BigDecimal ledger = (BigDecimal) hub.sql("SELECT SUM(cost_usd) AS s FROM usage_log").get(0).get("s");
            assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("$" + CostReport.usd(ledger));
            assertThat(browser.findElement(By.cssSelector("#cost-table tfoot th:last-child")).getText()).isEqualTo(CostReport.usd(ledger));
            shot("costs");

            // a file's page: lineage and before/after at the same zoom, the slider moves the split
            browser.get(base + "/console/files?q=sunset");
            browser.findElement(By.linkText("sunset.jpg")).click();
            wait.until(d -> d.findElements(By.id("lineage")).size() == 1);
            assertThat(browser.findElement(By.id("lineage")).getText()).contains("decode", "encode");
            WebElement compare = browser.findElement(By.id("compare"));
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("return document.querySelector('#compare img.before').naturalWidth > 0"));
            WebElement after = compare.findElement(By.cssSelector(".after"));
            int half = after.getRect().getWidth();
            ((JavascriptExecutor) browser).executeScript("var r = document.querySelector('#compare input'); r.value = 20; r.dispatchEvent(new Event('input'));");
            assertThat(after.getRect().getWidth()).isLessThan(half);
            shot("file");

            // the failed file: why it failed, and a retry that sends it back to its inbox
            browser.get(base + "/console/files?folder=web&status=FAILED");
            shot("files");
            browser.findElement(By.linkText("broken.jpg")).click();
            assertThat(browser.findElement(By.id("why")).getText()).isNotBlank();
            browser.findElement(By.id("retry")).click();
            wait.until(d -> d.getPageSource().contains("is back in inbox/web"));
            hub.awaitFiles(hub.failed("web"), 2);
            assertThat(((Number) hub.sql("SELECT COUNT(*) AS n FROM hub_job WHERE file_name = 'broken.jpg' AND state = 'FAILED'").get(0).get("n")).intValue())
                    .isEqualTo(2);

            // review: one result approved (it reaches the outbox), one declined with a comment
            hub.drop("proofs", "keep.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("proofs", "drop.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            dev.imagehub.testing.Await.until(TestHub.TIMEOUT, "both wait for review", () -> TestHub.names(hub.outbox("proofs").resolve(".review")).size() == 2);
            browser.get(base + "/console/review");
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return Array.from(document.querySelectorAll('.card img')).every(i => i.complete && i.naturalWidth > 0)"));
            shot("review");
            browser.findElement(By.cssSelector("article[data-file='keep.jpg'] button.approve")).click();
            wait.until(d -> d.findElement(By.id("review-message")).getText().contains("delivered to outbox/proofs"));
            WebElement declined = browser.findElement(By.cssSelector("article[data-file='drop.jpg']"));
            declined.findElement(By.name("comment")).sendKeys("horizon is tilted");
            declined.findElement(By.cssSelector("button.decline")).click();
            wait.until(d -> d.findElement(By.id("review-message")).getText().contains("declined"));
            assertThat(hub.outbox("proofs").resolve("keep.jpg")).exists();
            assertThat(hub.outbox("proofs").resolve("declined").resolve("drop.jpg")).exists();

            // the calendar: a month with its posts, and a post at each platform's size
            browser.get(base + "/console/calendar?view=month&date=" + soon);
            wait.until(d -> d.findElements(By.cssSelector("td[data-date='" + soon + "'] a.post")).size() == 1);
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return Array.from(document.querySelectorAll('a.post img')).every(i => i.complete && i.naturalWidth > 0)"));
            shot("calendar");
            browser.findElement(By.cssSelector("td[data-date='" + soon + "'] a.post")).click();
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return Array.from(document.querySelectorAll('.previews img')).every(i => i.complete && i.naturalWidth > 0)"));
            assertThat(browser.findElements(By.cssSelector(".previews img"))).hasSize(2);
            shot("post");

            // a 3D output (the emulator's GLB) in the viewer: WebGL draws it, the mouse orbits it
            hub.drop("to3d", "chair.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("to3d"), 1);
            dev.imagehub.testing.Await.until(TestHub.TIMEOUT, "the GLB recorded", () -> !hub.sql(
                    "SELECT job_id FROM hub_job WHERE folder = 'to3d' AND published IS NOT NULL").isEmpty());
            browser.get(base + "/console/files?folder=to3d");
            browser.findElement(By.linkText("chair.jpg")).click();
            browser.findElement(By.cssSelector("a.view3d")).click();
            wait.until(d -> "true".equals(d.findElement(By.id("viewer")).getDomAttribute("data-loaded"))
                    || "error".equals(d.findElement(By.id("viewer")).getDomAttribute("data-loaded")));
            assertThat(browser.findElement(By.id("viewer")).getDomAttribute("data-loaded")).as(browser.findElement(By.id("viewer-status")).getText())
                    .isEqualTo("true");
            String colours = "const v = document.getElementById('viewer'); const c = document.createElement('canvas'); c.width = v.width; c.height = v.height;"
                    + " const g = c.getContext('2d'); g.drawImage(v, 0, 0); const d = g.getImageData(0, 0, c.width, c.height).data; const seen = new Set();"
                    + " for (let i = 0; i < d.length; i += 4 * 97) seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]); return seen.size;";
            wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(colours)).intValue() > 8);
            shot("viewer");

            // an AI compare run: the models side by side with their cost and time
            hub.drop("versus", "ridge.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("versus"), 1);
            dev.imagehub.testing.Await.until(TestHub.TIMEOUT, "the comparison recorded", () -> !hub.sql(
                    "SELECT job_id FROM hub_job WHERE folder = 'versus' AND published IS NOT NULL").isEmpty());
            browser.get(base + "/console/files?folder=versus");
            browser.findElement(By.linkText("ridge.jpg")).click();
            wait.until(d -> d.findElements(By.cssSelector("#models figure")).size() == 2);
            assertThat(browser.findElement(By.id("models")).getText()).contains("wavespeed-ai/image-upscaler", "bria/increase-resolution", "$", " s");
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return [...document.querySelectorAll('#models img')].every(i => i.complete && i.naturalWidth > 0) && document.querySelectorAll('#models img').length == 2"));
            ((JavascriptExecutor) browser).executeScript("document.getElementById('models').scrollIntoView()");
            shot("compare");

            browser.get(base + "/console/library");
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("return document.querySelector('img.sheet').complete"));
            shot("library");

            browser.get(base + "/console/report?by=folder");
            shot("report");
            browser.get(base + "/console/audit");
            assertThat(browser.findElement(By.id("audit")).getText()).contains("login", "retry");
        }
    }

    private void shot(String name) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    // a month of AI calls from three folders and models, so the cost page has something to draw
    private static void seedCosts(TestHub hub) throws Exception {
        ZoneId zone = hub.services().budgets().config().zone();
        LocalDate today = LocalDate.now(zone);
        String[] models = {"wavespeed-ai/flux-kontext-pro", "bytedance/seedream-v4", "wavespeed-ai/image-upscaler"};
        String[] campaigns = {null, "batch spring-sale", "mail: Spring sale", "calendar " + today.minusDays(2)};
        // written as the hub writes them: usage_log and its daily totals together
        try (Connection db = hub.services().dataSource().getConnection()) {
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < 120; i++) {
                java.time.Instant ts = today.minusDays(random.nextInt(28)).atTime(9 + random.nextInt(9), 0).atZone(zone).toInstant();
                BigDecimal cost = new BigDecimal(10_000 + random.nextInt(90_000)).movePointLeft(6);
                String campaign = campaigns[i % campaigns.length];
                var origin = new dev.imagehub.ledger.UsageOrigin(ts, "hotfolder", new String[] {"hotfolder-web", "hotfolder-upscale", "hotfolder-ai-edit"}[i % 3],
                        "seed-" + i, "f.jpg", null, null, campaign, campaign != null && campaign.startsWith("mail") ? "ada@example.com" : null);
                dev.imagehub.ledger.UsageLog.write(db, origin, java.util.List.of(new dev.imagehub.ledger.UsageRecord("ai", i, "wavespeed",
                        models[random.nextInt(3)], null, "ok", cost, cost, 10, 1, 1, null, null)));
            }
        }
    }
}
