package dev.imagehub.intake;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.EmbeddedMetadata;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the shipped folders promise without a sidecar: blog-header takes the photo's own title (XMP, then EXIF), then its
 * file name; quote cards are named after whole words; the caption folder hands back the very file it was given.
 */
class FolderPromisesIT {

    @TempDir
    Path home;

    private static byte[] withXmpTitle(byte[] jpeg, String title) {
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title><rdf:Alt>"
                + "<rdf:li xml:lang=\"x-default\">" + title + "</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>";
        return new EmbeddedMetadata(null, null, xmp.getBytes(StandardCharsets.UTF_8)).into(jpeg, ImageFormat.JPEG);
    }

    // a little-endian TIFF block with one IFD0 entry: ImageDescription
    private static byte[] withExifDescription(byte[] jpeg, String description) {
        byte[] text = (description + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) 1).putShort((short) 0x010E).putShort((short) 2).putInt(text.length).putInt(8 + 2 + 12 + 4);
        b.putInt(0).put(text);
        return new EmbeddedMetadata(b.array(), null, null).into(jpeg, ImageFormat.JPEG);
    }

    private String titleNote(TestHub hub, String file) {
        return hub.sql("SELECT details FROM usage_log WHERE file_name = ? AND step = 'template'", file).stream()
                .map(r -> (String) r.get("details")).findFirst().orElse("");
    }

    @Test
    void blogHeaderWithoutASidecarUsesThePhotosOwnTitleThenItsFileName() throws Exception {
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("blog-header", "xmp.jpg", withXmpTitle(photo, "Dusk over the harbour"));
            hub.drop("blog-header", "exif.jpg", withExifDescription(photo, "Fishing boats at rest"));
            hub.drop("blog-header", "autumn-walk_2026.jpg", photo);
            hub.awaitFiles(hub.done("blog-header"), 3);
            assertThat(TestHub.files(hub.failed("blog-header"))).isEmpty();
            assertThat(TestHub.names(hub.outbox("blog-header"))).containsExactlyInAnyOrder("xmp.jpg", "exif.jpg", "autumn-walk_2026.jpg");
            assertThat(titleNote(hub, "xmp.jpg")).contains("title \"Dusk over the harbour\" from the picture's own title");
            assertThat(titleNote(hub, "exif.jpg")).contains("title \"Fishing boats at rest\" from the picture's own title");
            assertThat(titleNote(hub, "autumn-walk_2026.jpg")).contains("title \"Autumn walk 2026\" from its file name");
            // a sidecar still wins
            hub.drop("blog-header", "given.jpg.json", "{\"title\": \"From the sidecar\"}".getBytes(StandardCharsets.UTF_8));
            hub.drop("blog-header", "given.jpg", withXmpTitle(photo, "Not this one"));
            hub.awaitFiles(hub.done("blog-header"), 5);
            assertThat(titleNote(hub, "given.jpg")).doesNotContain("Not this one");
        }
    }

    @Test
    void quoteCardsAreNamedAfterWholeWords() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("quotes", "sayings.csv", ("quote,author\n\"Simplicity is the ultimate sophistication, they say.\",Leonardo da Vinci\n"
                    + "\"Incomprehensibilities notwithstanding, internationalisation prevails\",Anon\n").getBytes(StandardCharsets.UTF_8));
            hub.awaitFiles(hub.outbox("quotes"), 4);
            assertThat(TestHub.names(hub.outbox("quotes"))).contains("sayings-001-simplicity-is-the-ultimate-sophistication.png",
                    "sayings-002-incomprehensibilities-notwithstanding.png");
        }
    }

    @Test
    void theCaptionFolderHandsBackTheOriginalBytes() throws Exception {
        byte[] photo = Fixtures.bytes("photo-iphone-p3-1000.jpg");
        TestHub.prepareHome(home);
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50));
             TestHub hub = TestHub.start(home, Map.of(), Map.of("WAVESPEED_API_KEY", "k", "WAVESPEED_BASE_URL", emu.baseUrl()))) {
            hub.drop("caption", "phone.jpg", photo);
            hub.awaitFiles(hub.done("caption"), 1);
            assertThat(Files.readAllBytes(hub.outbox("caption").resolve("phone.jpg"))).isEqualTo(photo);
            assertThat(TestHub.names(hub.outbox("caption"))).containsExactlyInAnyOrder("phone.jpg", "phone.jpg.json", "captions.csv");
            assertThat(hub.sql("SELECT details FROM usage_log WHERE file_name = 'phone.jpg' AND step = 'encode'"))
                    .extracting(r -> (String) r.get("details")).containsExactly("the original file, unchanged (no step of the chain changes the picture)");
        }
    }
}
