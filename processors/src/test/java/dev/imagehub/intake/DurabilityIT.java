package dev.imagehub.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.HubProcess;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What survives a power loss, read from the system calls of a real hub (strace): a result's bytes are forced to disk
 * before the ledger commit that says the job is done, and the folders whose entries changed (the outbox, .done/, the
 * inbox) are forced after the file is linked into place. Skipped where strace is missing or not allowed to trace.
 */
class DurabilityIT {

    @TempDir
    Path home;

    @Test
    void outputsAreOnDiskBeforeTheCommitAndFolderEntriesAfterPublishing() throws Exception {
        assumeTrue(straceWorks(), "strace is not installed or may not trace here");
        TestHub.prepareHome(home);
        Path trace = home.resolve("syscalls.txt");
        List<String> strace = List.of("strace", "-f", "-qq", "-y", "-e", "signal=none", "-e",
                "trace=fsync,fdatasync,link,linkat,unlink,unlinkat,rename,renameat,renameat2", "-o", trace.toString());
        try (HubProcess hub = HubProcess.start(home, "strace", HubProcess.options("512m", Map.of()), strace)) {
            hub.awaitLog("Hub ready", Duration.ofSeconds(120));
            Path inbox = Files.createDirectories(home.resolve("inbox/web"));
            Path staging = Files.write(home.resolve("p.jpg"), Fixtures.bytes("photo-sunset-1800.jpg"));
            Files.move(staging, inbox.resolve("p.jpg"));
            Await.until(Duration.ofSeconds(60), "the result and the archived original",
                    () -> Files.exists(home.resolve("outbox/web/p.jpg")) && Files.exists(inbox.resolve(".done/p.jpg")));
            assertThat(hub.stop(Duration.ofSeconds(60))).as("exit code after SIGTERM").isIn(0, 143);
        }
        List<String> calls = Files.readAllLines(trace);
        String outbox = home.resolve("outbox/web").toString();
        String inbox = home.resolve("inbox/web").toString();

        int dataForced = index(calls, l -> l.contains("fsync(") && l.contains(outbox + "/.hub-") && l.contains(".tmp>"), 0);
        int committed = index(calls, l -> l.contains("fsync(") && l.contains("/data/ledger/hub.log>"), dataForced);
        int published = index(calls, l -> l.contains("link") && l.contains("\"" + outbox + "/p.jpg\""), committed);
        index(calls, l -> l.contains("fsync(") && l.contains("<" + outbox + ">)"), published);
        int archived = index(calls, l -> l.contains("link") && l.contains("\"" + inbox + "/.done/p.jpg\""), published);
        index(calls, l -> l.contains("fsync(") && l.contains("<" + inbox + "/.done>)"), archived);
        index(calls, l -> l.contains("fsync(") && l.contains("<" + inbox + ">)"), archived);
    }

    // the first call at or after 'from' matching, failing with the calls seen if there is none
    private static int index(List<String> calls, java.util.function.Predicate<String> what, int from) {
        for (int i = from; i < calls.size(); i++) {
            if (what.test(calls.get(i))) return i;
        }
        throw new AssertionError("expected system call not found after line " + from + " of:\n"
                + String.join("\n", calls.subList(Math.max(0, from - 5), calls.size()).stream().filter(l -> l.contains("/outbox/") || l.contains("/inbox/")
                || l.contains("ledger")).toList()));
    }

    private static boolean straceWorks() {
        try {
            Process p = new ProcessBuilder("strace", "-qq", "-e", "trace=none", "true").redirectErrorStream(true).start();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
