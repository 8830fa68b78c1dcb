package dev.imagehub.intake;

import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.Level;
import org.hsqldb.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import dev.imagehub.mail.MailParts;
import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.LogCapture;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outbox that cannot be written, or a ledger database that goes away mid-run, is no reason to fail files or to
 * retry them on every poll: the files wait untouched, the problem is said once in the log and once by mail, tries back
 * off, and work resumes by itself when the cause is gone, each file processed exactly once.
 */
class PausedWorkIT {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
            new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), new ServerSetup(3143, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hub@hub.test", "hub", "smtp-pw").withUser("ops@hub.test", "ops", "ops-pw"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path home;

    private void notifyOps() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/notifications.yaml"), """
                enabled: true
                operations: ops@hub.test
                smtp:
                  host: 127.0.0.1
                  port: %d
                  security: none
                  user: hub
                  passwordEnv: HUB_SMTP_PASSWORD
                  from: image hub <hub@hub.test>
                """.formatted(greenMail.getSmtp().getPort()));
    }

    private List<String> opsSubjects() {
        return MailParts.imapInbox(greenMail.getImap().getPort(), "ops", "ops-pw").stream().map(MailParts::subject).toList();
    }

    @Test
    void anUnwritableOutboxPausesTheFolderOnceAndResumesByItself() throws Exception {
        notifyOps();
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        try (LogCapture log = new LogCapture(Level.INFO);
             TestHub hub = TestHub.start(home, Map.of(), Map.of("HUB_SMTP_PASSWORD", "smtp-pw"))) {
            // outbox/web cannot be created: a file of that name is in the way
            Files.createDirectories(home.resolve("outbox"));
            Files.writeString(hub.outbox("web"), "in the way");
            for (int i = 1; i <= 3; i++) hub.drop("web", "p" + i + ".jpg", photo);
            Pauses pauses = hub.services().pauses();
            Await.until(TestHub.TIMEOUT, "outbox/web paused", () -> pauses.current().containsKey("outbox/web"));
            Await.until(TestHub.TIMEOUT, "a second failed try after the first pause", () -> pauses.failures("outbox/web") >= 2);
            Await.until(TestHub.TIMEOUT, "the pause mail", () -> opsSubjects().stream().anyMatch(s -> s.contains("paused: outbox/web")));

            assertThat(TestHub.names(hub.inbox("web"))).containsExactly("p1.jpg", "p2.jpg", "p3.jpg");
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job").get(0).get("n")).as("one journal row per file at most, however many tries")
                    .isIn(1L, 2L, 3L);
            assertThat(log.text().lines().filter(l -> l.startsWith("ERROR") && l.contains("outbox/web cannot be used")).count()).isEqualTo(1);
            assertThat(pauses.current().get("outbox/web")).contains("outbox/web");

            Files.delete(hub.outbox("web"));
            hub.awaitFiles(hub.done("web"), 3);
            hub.awaitFiles(hub.outbox("web"), 3);
            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("p1.jpg", "p2.jpg", "p3.jpg");
            assertThat(hub.sql("SELECT file_name, state FROM hub_job ORDER BY file_name")).extracting(r -> r.get("file_name") + " " + r.get("state"))
                    .containsExactly("p1.jpg DONE", "p2.jpg DONE", "p3.jpg DONE");
            assertThat(pauses.current()).isEmpty();
            Await.until(TestHub.TIMEOUT, "the resumed mail", () -> opsSubjects().stream().anyMatch(s -> s.contains("resumed: outbox/web")));
            assertThat(log.text()).contains("outbox/web works again");
        }
    }

    @Test
    void belowTheFreeSpaceFloorNewFilesWaitAndWorkResumesBySelf() throws Exception {
        TestHub.prepareHome(home);
        // a floor no disk reaches (100 TB): as a full disk would look
        try (LogCapture log = new LogCapture(Level.INFO); TestHub hub = TestHub.start(home, Map.of("hub.minFreeDiskMb", "100000000"))) {
            hub.drop("web", "waits.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            Pauses pauses = hub.services().pauses();
            Await.until(TestHub.TIMEOUT, "the disk pause", () -> pauses.current().containsKey(Pauses.DISK));
            assertThat(pauses.current().get(Pauses.DISK)).contains("MB free on the disk of", "hub.minFreeDiskMb", "100000000 MB");
            Await.until(TestHub.TIMEOUT, "the probe tried again", () -> pauses.failures(Pauses.DISK) >= 2);
            assertThat(TestHub.names(hub.inbox("web"))).containsExactly("waits.jpg");
            assertThat(TestHub.files(hub.outbox("web"))).isEmpty();
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job").get(0).get("n")).isEqualTo(0L);
            assertThat(log.text().lines().filter(l -> l.startsWith("ERROR") && l.contains("free disk space cannot be used")).count()).isEqualTo(1);

            hub.services().diskFloor().minimumMb(0);   // space is back
            hub.awaitFiles(hub.done("web"), 1);
            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("waits.jpg");
            Await.until(TestHub.TIMEOUT, "the pause ended", () -> pauses.current().isEmpty());
            assertThat(log.text()).contains("free disk space works again");
        }
    }

    @Test
    void aLedgerThatGoesAwayMidRunPausesEveryFolderUntilItIsBack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path db = home.resolve("db/ledger");
        Server server = database(db, port);
        TestHub.prepareHome(home);
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        Map<String, String> settings = Map.of("hub.db.url", "jdbc:hsqldb:hsql://127.0.0.1:" + port + "/ledger", "hub.db.user", "SA",
                "hub.db.connectTimeoutSeconds", "1");
        try (TestHub hub = TestHub.start(home, settings)) {
            hub.drop("web", "before.jpg", photo);
            hub.awaitFiles(hub.done("web"), 1);

            server.shutdown();
            hub.drop("web", "during.jpg", photo);
            Pauses pauses = hub.services().pauses();
            Await.until(TestHub.TIMEOUT, "the ledger paused", () -> pauses.current().containsKey(Pauses.LEDGER));
            assertThat(TestHub.names(hub.inbox("web"))).containsExactly("during.jpg");
            assertThat(TestHub.files(hub.failed("web"))).isEmpty();

            server = database(db, port);
            hub.awaitFiles(hub.done("web"), 2);
            hub.awaitInboxEmpty("web");
            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("before.jpg", "during.jpg");
            assertThat(hub.sql("SELECT file_name, state FROM hub_job ORDER BY file_name")).extracting(r -> r.get("file_name") + " " + r.get("state"))
                    .containsExactly("before.jpg DONE", "during.jpg DONE");
            // a pooled connection that broke with the server may fail one more statement after the file was delivered:
            // the pause then ends by the hub's own check, with no file left to try it
            Await.until(TestHub.TIMEOUT, "the ledger pause ended", () -> pauses.current().isEmpty());

            // and a pause with no file behind it at all ends as soon as the database is back
            server.shutdown();
            pauses.failed(Pauses.LEDGER, "the test stopped the database");
            // the hub's own check tries the stopped database and puts its own reason in place of the test's (counting
            // failures would race with a check already under way when the test called failed())
            Await.until(TestHub.TIMEOUT, "the check tried the stopped database", () -> pauses.failures(Pauses.LEDGER) >= 2
                    && pauses.current().containsKey(Pauses.LEDGER) && !pauses.current().get(Pauses.LEDGER).contains("the test stopped"));
            server = database(db, port);
            Await.until(TestHub.TIMEOUT, "the ledger pause ended without a file", () -> pauses.current().isEmpty());
            assertThat(TestHub.files(hub.inbox("web"))).isEmpty();
        } finally {
            server.shutdown();
        }
    }

    private static Server database(Path db, int port) {
        Server server = new Server();
        server.setLogWriter(null);
        server.setErrWriter(new PrintWriter(java.io.Writer.nullWriter()));
        server.setSilent(true);
        server.setNoSystemExit(true);
        server.setAddress("127.0.0.1");
        server.setPort(port);
        server.setDatabaseName(0, "ledger");
        server.setDatabasePath(0, "file:" + db + ";hsqldb.write_delay=false");
        server.start();
        return server;
    }
}
