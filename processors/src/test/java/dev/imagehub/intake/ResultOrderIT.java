package dev.imagehub.intake;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.batch.BatchFolder;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-file results appear in an order a reader can trust, watched as they appear (inotify): what goes beside a result
 * comes before it, and a file that lists others (a variants manifest, a quote-card report, a batch estimate) comes
 * after everything it lists.
 */
class ResultOrderIT {

    @TempDir
    Path home;

    /** The names that appear in {@code dir} (visible files only), in order, until {@code last} has appeared. */
    private static List<String> appearing(WatchService watch, String last) throws Exception {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!seen.contains(last)) {
            WatchKey key = watch.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (key == null) throw new AssertionError("timed out waiting for " + last + "; saw " + seen);
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.kind() == StandardWatchEventKinds.OVERFLOW) throw new AssertionError("events overflowed");
                String name = e.context().toString();
                if (!name.startsWith(".") && !seen.contains(name)) seen.add(name);
            }
            key.reset();
        }
        return seen;
    }

    private static WatchService watch(Path dir) throws Exception {
        Files.createDirectories(dir);
        WatchService w = FileSystems.getDefault().newWatchService();
        // a name linked or renamed into the folder is an ENTRY_CREATE too
        dir.register(w, StandardWatchEventKinds.ENTRY_CREATE);
        return w;
    }

    @Test
    void sidecarsComeBeforeTheirResultAndListsAfterWhatTheyList() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("routes/brand-check.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-brand-check
                    parameters:
                      - name: name
                        value: brand-check
                      - name: chain
                        value: brand-check
                """);
        try (TestHub hub = TestHub.start(home)) {
            // brand check: the report picture, then the image, then the JSON report that describes both
            try (WatchService w = watch(hub.outbox("brand-check"))) {
                hub.drop("brand-check", "photo.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
                assertThat(appearing(w, "photo-brand-check.json")).containsExactly("photo-brand-check.png", "photo.jpg", "photo-brand-check.json");
            }
            // A/B variants: every variant and the contact sheet before the manifest that lists them
            try (WatchService w = watch(hub.outbox("ab-test"))) {
                hub.drop("ab-test", "shoe.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
                List<String> order = appearing(w, "shoe-variants.csv");
                assertThat(order.get(order.size() - 1)).isEqualTo("shoe-variants.csv");
                assertThat(order).contains("shoe-variants-sheet.jpg").hasSizeGreaterThan(3);
            }
            // quote cards: the cards and the sheet before the report naming every row
            try (WatchService w = watch(hub.outbox("quotes"))) {
                hub.drop("quotes", "sayings.csv", "quote,author\nLess is more,Mies\nStay curious,Anon\n".getBytes(StandardCharsets.UTF_8));
                List<String> order = appearing(w, "sayings-cards.csv");
                assertThat(order.get(order.size() - 1)).isEqualTo("sayings-cards.csv");
                assertThat(order).contains("sayings-sheet.jpg").hasSize(4);
            }
            // a batch: its page before its JSON (what scripts wait for)
            hub.drop("batch", "b.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            Path staged = Files.createDirectories(home.resolve("staged")).resolve("spring.csv");
            Files.writeString(staged, "image,chain\nb.jpg,thumbnails\nmissing.jpg,web\n");
            Path out = hub.outbox("batch").resolve(BatchFolder.batchId(staged));
            try (WatchService w = watch(out)) {
                Files.move(staged, hub.inbox("batch").resolve("spring.csv"));
                assertThat(appearing(w, "estimate.json")).containsExactly("estimate.html", "estimate.json");
            }
        }
    }
}
