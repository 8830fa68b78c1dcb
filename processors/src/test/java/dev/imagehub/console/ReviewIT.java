package dev.imagehub.console;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.review.ReviewDesk;
import dev.imagehub.testing.Await;
import dev.imagehub.testing.ConsoleClient;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review and approval over real HTTP against a real hub: a folder marked {@code review: "true"} holds its results until
 * a reviewer approves (they reach the outbox) or declines with a comment (they go to declined/); one decision per file;
 * comments and versions on the file's page; a waiting batch approved with a click.
 */
class ReviewIT {
    private static final String PASSWORD = "correct horse battery";
    private static final Pattern APPROVE = Pattern.compile("action=\"(/console/review/[^/\"]+)/approve\"");

    @TempDir
    Path home;

    @Test
    void held_results_wait_for_one_decision_and_declines_keep_their_reason() throws Exception {
        int port = TestHub.freePort();
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("routes").resolve("proofs.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-proofs
                    parameters:
                      - name: name
                        value: proofs
                      - name: chain
                        value: thumbnails
                      - name: review
                        value: "true"
                """);
        try (TestHub hub = TestHub.start(home, Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(port)),
                Map.of(ConsoleSetup.ADMIN_PASSWORD, PASSWORD))) {
            ConsoleClient admin = new ConsoleClient(port);
            admin.login("admin", PASSWORD);
            admin.get("/console/users");
            admin.post("/console/users", Map.of("name", "rob", "role", "reviewer", "password", "reviewer password 1"));
            admin.post("/console/users", Map.of("name", "vera", "role", "viewer", "password", "viewer password 1"));

            byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
            hub.drop("proofs", "first.jpg", photo);
            hub.drop("proofs", "second.jpg", photo);
            Await.until(TestHub.TIMEOUT, "both held for review", () -> ((Number) hub.sql(
                    "SELECT COUNT(*) AS n FROM hub_job WHERE folder = 'proofs' AND review_state = 'WAITING' AND finalized = TRUE").get(0).get("n")).intValue() == 2);
            assertThat(TestHub.names(hub.outbox("proofs"))).as("nothing delivered yet").isEmpty();
            assertThat(TestHub.names(hub.outbox("proofs").resolve(".review"))).containsExactlyInAnyOrder("first.jpg", "second.jpg");

            ConsoleClient viewer = new ConsoleClient(port);
            viewer.login("vera", "viewer password 1");
            String queue = viewer.get("/console/review").body();
            assertThat(queue).contains("first.jpg", "second.jpg", "id=\"review-count\">2<").doesNotContain("class=\"approve\"");
            ConsoleClient rob = new ConsoleClient(port);
            rob.login("rob", "reviewer password 1");
            String page = rob.get("/console/review").body();
            Matcher m = APPROVE.matcher(page.substring(page.indexOf("data-file=\"first.jpg\"")));
            assertThat(m.find()).isTrue();
            String first = m.group(1);
            assertThat(viewer.post(first + "/approve", Map.of()).statusCode()).as("a viewer cannot approve").isEqualTo(403);

            assertThat(rob.post(first + "/approve", Map.of()).body()).contains("1 result(s) delivered to outbox/proofs");
            assertThat(hub.outbox("proofs").resolve("first.jpg")).exists();
            assertThat(hub.outbox("proofs").resolve(".review").resolve("first.jpg")).doesNotExist();
            assertThat(rob.post(first + "/approve", Map.of()).body()).as("one decision per file").contains("already decided: approved by rob");

            m = APPROVE.matcher(rob.get("/console/review").body());
            assertThat(m.find()).isTrue();
            String second = m.group(1);
            assertThat(rob.post(second + "/decline", Map.of("comment", " ")).body()).contains("say why it is declined");
            assertThat(rob.post(second + "/decline", Map.of("comment", "too dark for the shop")).body()).contains("moved to outbox/proofs/declined");
            assertThat(hub.outbox("proofs").resolve("declined").resolve("second.jpg")).exists();
            assertThat(hub.outbox("proofs").resolve("second.jpg")).doesNotExist();
            String secondJob = second.substring(second.lastIndexOf('/') + 1);
            String declinedPage = rob.get("/console/files/" + secondJob).body();
            assertThat(declinedPage).contains("declined by rob", "too dark for the shop");

            // comments, by reviewers; the same photo again is a second version of the picture
            assertThat(viewer.post("/console/files/" + secondJob + "/comment", Map.of("text", "hm")).statusCode()).isEqualTo(403);
            rob.get("/console/files/" + secondJob);
            assertThat(rob.post("/console/files/" + secondJob + "/comment", Map.of("text", "try the <b>enhance</b> chain")).statusCode()).isEqualTo(303);
            assertThat(rob.get("/console/files/" + secondJob).body()).contains("try the &lt;b&gt;enhance&lt;/b&gt; chain", "Versions of this picture");
            // one version is chosen as the one delivered: copied to outbox/chosen/; choosing another replaces it
            String firstJob = first.substring(first.lastIndexOf('/') + 1);
            assertThat(viewer.post("/console/files/" + firstJob + "/choose", Map.of()).statusCode()).as("a viewer cannot choose").isEqualTo(403);
            assertThat(rob.post("/console/files/" + secondJob + "/choose", Map.of()).body()).contains("was declined: it cannot be delivered");
            assertThat(rob.post("/console/files/" + firstJob + "/choose", Map.of()).body()).contains("1 result(s) delivered to outbox/chosen/",
                    "delivered (chosen by rob");
            assertThat(hub.outbox("chosen").resolve("first.jpg")).hasSameBinaryContentAs(hub.outbox("proofs").resolve("first.jpg"));
            hub.drop("web", "third.jpg", photo);
            Await.until(TestHub.TIMEOUT, "a third version", () -> !hub.sql("SELECT job_id FROM hub_job WHERE folder = 'web' AND finalized = TRUE").isEmpty());
            String thirdJob = hub.sql("SELECT job_id FROM hub_job WHERE folder = 'web'").get(0).get("job_id").toString();
            assertThat(rob.post("/console/files/" + thirdJob + "/choose", Map.of()).body()).contains("replacing the version chosen before");
            assertThat(TestHub.names(hub.outbox("chosen"))).containsExactly("third.jpg");
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job WHERE chosen_at IS NOT NULL").get(0).get("n")).isEqualTo(1L);
            assertThat(admin.get("/console/audit").body()).contains("approved", "declined", "too dark for the shop", "comment");
        }
    }

    @Test
    void a_decision_a_crash_interrupted_is_finished_at_the_next_start_and_a_waiting_batch_is_approved_with_a_click() throws Exception {
        int port = TestHub.freePort();
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config").resolve("chains.yaml"), Files.readString(home.resolve("config").resolve("chains.yaml"))
                .replace("thumbnails:\n  description: Square 400x400 thumbnails, cropped to fill\n",
                        "thumbnails:\n  description: Square 400x400 thumbnails, cropped to fill\n  review: true\n"));
        Map<String, String> settings = Map.of("hub.http.enabled", "true", "hub.http.port", String.valueOf(port));
        String job;
        try (TestHub hub = TestHub.start(home, settings, Map.of(ConsoleSetup.ADMIN_PASSWORD, PASSWORD))) {
            hub.drop("thumbnails", "held.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            Await.until(TestHub.TIMEOUT, "held by the chain's review", () -> !hub.sql(
                    "SELECT job_id FROM hub_job WHERE folder = 'thumbnails' AND review_state = 'WAITING' AND finalized = TRUE").isEmpty());
            job = hub.sql("SELECT job_id FROM hub_job WHERE folder = 'thumbnails'").get(0).get("job_id").toString();
            // claimed, then the hub died before moving the files
            try (var c = hub.services().dataSource().getConnection(); var ps = c.prepareStatement(
                    "UPDATE hub_job SET review_state = 'APPROVING', review_by = 'rob' WHERE job_id = ?")) {
                ps.setString(1, job);
                ps.executeUpdate();
            }
        }
        try (TestHub hub = TestHub.start(home, settings)) {
            assertThat(hub.outbox("thumbnails").resolve("held.jpg")).exists();
            assertThat(hub.sql("SELECT review_state FROM hub_job WHERE job_id = ?", job).get(0).get("review_state")).isEqualTo(ReviewDesk.APPROVED);

            hub.drop("batch", "a.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("batch", "wait.csv", "image,chain\na.jpg,web\nmissing.jpg,web\n".getBytes(StandardCharsets.UTF_8));
            Await.until(TestHub.TIMEOUT, "the batch waits", () -> !hub.sql("SELECT batch_id FROM batch_run WHERE state = 'WAITING'").isEmpty());
            ConsoleClient admin = new ConsoleClient(port);
            admin.login("admin", PASSWORD);
            HttpResponse<String> review = admin.get("/console/review");
            assertThat(review.body()).contains("wait.csv");
            Matcher m = Pattern.compile("action=\"(/console/batches/[^\"]+/approve)\"").matcher(review.body());
            assertThat(m.find()).isTrue();
            assertThat(admin.post(m.group(1), Map.of()).body()).contains("approved (inbox/batch/wait.approve)");
            Await.until(TestHub.TIMEOUT, "the batch ran", () -> !hub.sql("SELECT batch_id FROM batch_run WHERE state = 'FINISHED'").isEmpty());
        }
    }
}
