package dev.imagehub.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubServices;
import dev.imagehub.HubSettings;
import dev.imagehub.ledger.JobRecord;
import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash windows a random kill -9 hits only sometimes, set up exactly: a job committed in the ledger whose outputs
 * and original were not yet moved (or were half moved) is completed once at start-up, with no new ledger rows.
 */
class RecoverySweepTest {

    @TempDir
    Path home;

    @Test
    void should_deliver_a_committed_job_once_when_the_crash_came_before_its_outputs_were_published() throws Exception {
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        TestHub.prepareHome(home);
        try (HubServices hub = HubServices.start(HubSettings.load(home, TestHub.defaults()), dev.imagehub.testing.TestCamel.context())) {
            Path original = write(home.resolve("inbox/web/beach.jpg"), photo);
            String job = committedJob(hub, "beach.jpg", photo, ".hub-x-0.tmp");
            write(home.resolve("outbox/web/.hub-x-0.tmp"), new byte[] {1, 2, 3});

            RecoverySweep.run(hub);

            assertThat(TestHub.names(home.resolve("outbox/web"))).containsExactly("beach.jpg");
            assertThat(Files.readAllBytes(home.resolve("outbox/web/beach.jpg"))).containsExactly(1, 2, 3);
            assertThat(original).doesNotExist();
            assertThat(Files.readAllBytes(home.resolve("inbox/web/.done/beach.jpg"))).isEqualTo(photo);
            assertThat(hub.journal().find(job)).get().extracting(JobRecord::finalized).isEqualTo(true);
            assertThat(hub.journal().committedUnfinalized()).isEmpty();
        }
    }

    @Test
    void should_not_duplicate_an_output_or_archive_that_was_already_linked_before_the_crash() throws Exception {
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        TestHub.prepareHome(home);
        try (HubServices hub = HubServices.start(HubSettings.load(home, TestHub.defaults()), dev.imagehub.testing.TestCamel.context())) {
            Path original = write(home.resolve("inbox/web/beach.jpg"), photo);
            committedJob(hub, "beach.jpg", photo, ".hub-y-0.tmp");
            Path tmp = write(home.resolve("outbox/web/.hub-y-0.tmp"), new byte[] {4, 5, 6});
            // the crash came after both hard links were made, before the old names were removed
            Files.createLink(home.resolve("outbox/web/beach.jpg"), tmp);
            Files.createDirectories(home.resolve("inbox/web/.done"));
            Files.createLink(home.resolve("inbox/web/.done/beach.jpg"), original);

            RecoverySweep.run(hub);

            assertThat(TestHub.names(home.resolve("outbox/web"))).containsExactly("beach.jpg");
            assertThat(TestHub.names(home.resolve("inbox/web/.done"))).containsExactly("beach.jpg");
            assertThat(tmp).doesNotExist();
            assertThat(original).doesNotExist();
        }
    }

    @Test
    void should_finish_a_committed_failure_with_its_sidecar_and_discard_temps_of_an_uncommitted_job() throws Exception {
        TestHub.prepareHome(home);
        try (HubServices hub = HubServices.start(HubSettings.load(home, TestHub.defaults()), dev.imagehub.testing.TestCamel.context())) {
            byte[] junk = "not an image".getBytes();
            write(home.resolve("inbox/web/notes.jpg"), junk);
            String failedJob = hub.journal().begin("hotfolder-web", "web", "web", "notes.jpg", junk.length, FileJob.sha256(junk));
            hub.journal().commit(failedJob, false, "hotfolder", "hotfolder-web", "notes.jpg", FileJob.sha256(junk),
                    List.of(UsageRecord.local("probe", 0, UsageRecord.FAILED, 1, junk.length, 0, "the file contains text", null)),
                    "probe", "the file contains text", null);
            String running = hub.journal().begin("hotfolder-web", "web", "web", "other.jpg", 10, "ab".repeat(32));
            Path orphan = write(home.resolve("outbox/web/.hub-" + running + "-0.tmp"), new byte[] {9});

            RecoverySweep.run(hub);

            assertThat(TestHub.names(home.resolve("outbox/web/failed"))).containsExactly("notes.jpg", "notes.jpg.error.json");
            assertThat(Files.readString(home.resolve("outbox/web/failed/notes.jpg.error.json"))).contains("the file contains text");
            assertThat(orphan).doesNotExist();
            assertThat(hub.journal().find(running)).get().extracting(JobRecord::state).isEqualTo(JobRecord.ABANDONED);
        }
    }

    @Test
    void should_archive_the_multiview_siblings_with_a_front_view_committed_before_the_crash() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/chains.yaml"), "\nviews:\n  steps:\n    - to3d: { kind: multiview }\n",
                java.nio.file.StandardOpenOption.APPEND);
        byte[] front = Fixtures.bytes("photo-sunset-1800.jpg");
        try (HubServices hub = HubServices.start(HubSettings.load(home, TestHub.defaults()), dev.imagehub.testing.TestCamel.context())) {
            write(home.resolve("inbox/views/chair_front.jpg"), front);
            write(home.resolve("inbox/views/chair_back.jpg"), new byte[] {7});
            write(home.resolve("inbox/views/table_back.jpg"), new byte[] {8});
            String sha = FileJob.sha256(front);
            String job = hub.journal().begin("hotfolder-views", "views", "views", "chair_front.jpg", front.length, sha);
            hub.journal().commit(job, true, "hotfolder", "hotfolder-views", "chair_front.jpg", sha,
                    List.of(UsageRecord.local("encode", 1, UsageRecord.OK, 1, front.length, 1, null, null)), null, null,
                    ".hub-z-0.tmp\tchair_front\tglb");
            write(home.resolve("outbox/views/.hub-z-0.tmp"), new byte[] {1});

            RecoverySweep.run(hub);

            assertThat(TestHub.names(home.resolve("outbox/views"))).containsExactly("chair_front.glb");
            assertThat(TestHub.names(home.resolve("inbox/views/.done"))).containsExactly("chair_back.jpg", "chair_front.jpg");
            assertThat(TestHub.names(home.resolve("inbox/views"))).as("another object's view waits for its own front")
                    .containsExactly("table_back.jpg");
        }
    }

    private static String committedJob(HubServices hub, String name, byte[] bytes, String tmpName) throws Exception {
        String sha = FileJob.sha256(bytes);
        String job = hub.journal().begin("hotfolder-web", "web", "web", name, bytes.length, sha);
        hub.journal().commit(job, true, "hotfolder", "hotfolder-web", name, sha,
                List.of(UsageRecord.local("encode", 1, UsageRecord.OK, 1, bytes.length, 3, null, null)), null, null,
                tmpName + "\tbeach\tjpg");
        return job;
    }

    private static Path write(Path file, byte[] bytes) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }
}
