package dev.imagehub.intake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.batch.BatchFolder;
import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A symbolic link must not make the hub read and publish a file from outside its folders: links dropped in a hot
 * folder, a sidecar that is a link, batch rows naming images through a linked folder, linked manifests and links packed
 * in a batch ZIP are all refused with a reason; a folder that allows links (route parameter followLinks) takes them.
 */
class SymbolicLinksIT {

    @TempDir
    Path home;

    @TempDir
    Path elsewhere;

    private Path secretPhoto() throws Exception {
        return Files.write(elsewhere.resolve("private.jpg"), Fixtures.bytes("photo-sunset-1800.jpg"));
    }

    @Test
    void aLinkDroppedInAHotFolderIsRefusedAndMovedToFailedAsTheLinkItIs() throws Exception {
        Path secret = secretPhoto();
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            Files.createDirectories(hub.inbox("web"));
            Files.createSymbolicLink(hub.inbox("web").resolve("holiday.jpg"), secret);
            hub.drop("web", "real.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.failed("web"), 2);
            hub.awaitFiles(hub.done("web"), 1);

            Path failed = hub.failed("web").resolve("holiday.jpg");
            assertThat(Files.isSymbolicLink(failed)).as("the untouched original: the link itself").isTrue();
            assertThat(Files.readSymbolicLink(failed)).isEqualTo(secret);
            String sidecar = Files.readString(hub.failed("web").resolve("holiday.jpg.error.json"));
            assertThat(sidecar).contains("symbolic link").contains("followLinks");
            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("real.jpg");
            assertThat(secret).exists();
        }
    }

    @Test
    void aLinkedSidecarFailsItsPhotoWithoutBeingRead() throws Exception {
        Path secretJson = Files.writeString(elsewhere.resolve("secret.json"), "{\"title\": \"salary list\"}");
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            Files.createDirectories(hub.inbox("blog-header"));
            Files.createSymbolicLink(hub.inbox("blog-header").resolve("photo.jpg.json"), secretJson);
            hub.drop("blog-header", "photo.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.failed("blog-header"), 2);
            assertThat(Files.readString(hub.failed("blog-header").resolve("photo.jpg.error.json")))
                    .contains("\"step\" : \"sidecar\"").contains("symbolic link");
            assertThat(TestHub.files(hub.outbox("blog-header"))).isEmpty();
        }
    }

    @Test
    void aFolderThatFollowsLinksTakesThem() throws Exception {
        Path secret = secretPhoto();
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("routes/linked.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-linked
                    parameters:
                      - name: name
                        value: linked
                      - name: chain
                        value: thumbnails
                      - name: followLinks
                        value: "true"
                """);
        try (TestHub hub = TestHub.start(home)) {
            Files.createDirectories(hub.inbox("linked"));
            Files.createSymbolicLink(hub.inbox("linked").resolve("nas.jpg"), secret);
            hub.awaitFiles(hub.outbox("linked"), 1);
            assertThat(TestHub.names(hub.outbox("linked"))).containsExactly("nas.jpg");
            // the original is archived just after the result is published: wait for it, then look at what was archived
            Path archived = hub.done("linked").resolve("nas.jpg");
            dev.imagehub.testing.Await.until(TestHub.TIMEOUT, "the link archived",
                    () -> Files.exists(archived, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertThat(Files.isSymbolicLink(archived)).isTrue();
        }
    }

    @Test
    void batchesRefuseRowsThroughLinksLinkedManifestsAndLinksInTheirZip() throws Exception {
        Path secret = secretPhoto();
        Files.createDirectories(elsewhere.resolve("pics"));
        Files.copy(secret, elsewhere.resolve("pics/a.jpg"));
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            Path batch = Files.createDirectories(hub.inbox("batch"));
            // a row naming an image through a linked sub-folder, beside a good row
            Files.createDirectories(batch.resolve("own"));
            Files.write(batch.resolve("own/b.jpg"), Fixtures.bytes("photo-sunset-1800.jpg"));
            Files.createSymbolicLink(batch.resolve("pics"), elsewhere.resolve("pics"));
            hub.drop("batch", "rows.csv", "image,chain\npics/a.jpg,thumbnails\nown/b.jpg,thumbnails\n".getBytes(StandardCharsets.UTF_8));
            String id = BatchFolder.batchId(batch.resolve("rows.csv"));
            Path estimate = hub.outbox("batch").resolve(id).resolve("estimate.json");
            Await.until(TestHub.TIMEOUT, "the estimate of rows.csv", () -> Files.exists(estimate));
            assertThat(Files.readString(estimate)).contains("goes through the symbolic link 'pics'").contains("hub.batch.followLinks");

            // a manifest that is itself a link
            Path outsideManifest = Files.writeString(elsewhere.resolve("m.csv"), "image,chain\nown/b.jpg,thumbnails\n");
            Files.createSymbolicLink(batch.resolve("linked.csv"), outsideManifest);
            Await.until(TestHub.TIMEOUT, "linked.csv refused", () -> Files.exists(hub.outbox("batch").resolve("failed/linked.csv.error.json")));
            assertThat(Files.readString(hub.outbox("batch").resolve("failed/linked.csv.error.json"))).contains("symbolic link");
            assertThat(Files.isSymbolicLink(hub.outbox("batch").resolve("failed/linked.csv"))).isTrue();

            // a ZIP whose entry is a link to a file outside
            hub.drop("batch", "zipped.zip", zipWithLink("z.jpg", secret.toString()));
            hub.drop("batch", "zipped.csv", "image,chain\nz.jpg,thumbnails\n".getBytes(StandardCharsets.UTF_8));
            Await.until(TestHub.TIMEOUT, "zipped.csv refused", () -> Files.exists(hub.outbox("batch").resolve("failed/zipped.csv.error.json")));
            assertThat(Files.readString(hub.outbox("batch").resolve("failed/zipped.csv.error.json")))
                    .contains("entry 'z.jpg' is a symbolic link");
            assertThat(Files.exists(hub.inbox("batch").resolve(".unpacked"), LinkOption.NOFOLLOW_LINKS)
                    ? Files.walk(hub.inbox("batch").resolve(".unpacked")).filter(Files::isSymbolicLink).toList() : java.util.List.of()).isEmpty();
        }
    }

    @Test
    void aSidecarValueNamingALinkedPictureIsRefused() throws Exception {
        Path secret = secretPhoto();
        TestHub.prepareHome(home);
        Files.createDirectories(home.resolve("library"));
        Files.createSymbolicLink(home.resolve("library/logo.png"), secret);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("blog-header", "photo.jpg.json", "{\"title\": \"Hello\", \"logo\": \"library/logo.png\"}".getBytes(StandardCharsets.UTF_8));
            hub.drop("blog-header", "photo.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.failed("blog-header"), 1);
            assertThat(Files.readString(hub.failed("blog-header").resolve("photo.jpg.error.json"))).contains("symbolic link");
        }
    }

    private static byte[] zipWithLink(String name, String target) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry e = new ZipArchiveEntry(name);
            e.setUnixMode(0120777);
            zip.putArchiveEntry(e);
            zip.write(target.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
