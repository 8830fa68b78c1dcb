package dev.imagehub.batch;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.imagehub.HubServices;
import dev.imagehub.files.AtomicFiles;
import dev.imagehub.files.ConfinedPaths;
import dev.imagehub.intake.Publisher;
import dev.imagehub.intake.SafeNames;

/**
 * Watches {@code inbox/batch/} (called by the {@code batch} route on every poll): a new manifest is validated and
 * estimated into {@code outbox/batch/<batch-id>/}; an approved one runs when its schedule allows; a finished one is
 * archived with its approve file and images in {@code inbox/batch/.done/<batch-id>/}. Images beside the manifest are
 * never picked up on their own: only the manifest's rows name them.
 */
public final class BatchFolder {
    private static final Logger LOG = LoggerFactory.getLogger(BatchFolder.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HubServices hub;
    private BatchStore store;
    private ZipImages zips;
    private boolean followLinks;
    private BigDecimal autoApproveUsd;
    // when each batch was first seen approved: a cron schedule starts at its next firing after that
    private final Map<String, Instant> approvedAt = new ConcurrentHashMap<>();

    public void setHub(HubServices hub) { this.hub = hub; }

    /** Called by Camel when the route's bean is created. */
    public void init() {
        if (hub == null) throw new IllegalStateException("route 'batch': the hub services bean is missing");
        store = new BatchStore(hub.dataSource());
        autoApproveUsd = dollars("hub.batch.autoApproveUsd");
        // the ZIP limits are checked now, so a typo in application.properties stops the start with its line
        followLinks = Boolean.parseBoolean(hub.settings().setting("hub.batch.followLinks", "false"));
        zips = new ZipImages(hub.settings().intSetting("hub.batch.zip.maxEntries", 10_000, 1, 1_000_000),
                hub.settings().intSetting("hub.batch.zip.maxMegabytes", 2_000, 1, 1_000_000) * 1_000_000L,
                hub.settings().intSetting("hub.batch.zip.maxRatio", 100, 2, 100_000));
    }

    private BigDecimal dollars(String key) {
        String raw = hub.settings().setting(key, "0");
        try {
            BigDecimal v = new BigDecimal(raw);
            if (v.signum() >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below with the file and line
        }
        throw hub.settings().invalid(key, "must be an amount in US dollars of 0 or more (such as 0.50), was '" + raw + "'");
    }

    public Path inbox() { return hub.home().resolve("inbox").resolve("batch"); }

    public Path outbox() { return hub.home().resolve("outbox").resolve("batch"); }

    /** One poll: looks at every complete manifest in the folder, in name order; stops between rows when the hub stops. */
    public void scan(Exchange exchange) throws IOException, InterruptedException {
        CamelContext camel = exchange.getContext();
        BooleanSupplier stopping = () -> camel.isStopping() || camel.isStopped();
        Files.createDirectories(inbox());
        List<Path> manifests;
        try (var s = Files.list(inbox())) {
            manifests = s.filter(Files::isRegularFile).filter(BatchFolder::isManifest).sorted().toList();
        }
        for (Path m : manifests) {
            if (stopping.getAsBoolean()) return;
            try {
                if (!settled(m)) continue;
                handle(m, stopping);
            } catch (SQLException | IOException | RuntimeException e) {
                // the next poll tries again; one broken manifest never blocks the others
                LOG.warn("batch: {} could not be handled this time: {}", m.getFileName(), e.toString());
            }
        }
    }

    static boolean isManifest(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".csv") || n.endsWith(".json"));
    }

    // a manifest still being copied is left for a later poll, like a hot folder's read lock
    private boolean settled(Path m) throws IOException {
        return System.currentTimeMillis() - Files.getLastModifiedTime(m).toMillis() >= hub.settings().readLockMinAgeMs();
    }

    /** The batch id: the manifest's name and the start of its content's SHA-256, so an edited manifest is a new batch. */
    public static String batchId(Path manifest) throws IOException {
        String sha = BatchRun.sha256(dev.imagehub.files.FileBytes.read(manifest));
        return SafeNames.safeStem(SafeNames.stem(manifest.getFileName().toString())) + "-" + sha.substring(0, 8);
    }

    private void handle(Path m, BooleanSupplier stopping) throws IOException, SQLException, InterruptedException {
        if (!followLinks && Files.isSymbolicLink(m)) {
            // refused before anything is read through it
            String n = m.getFileName().toString();
            refuse(m, SafeNames.safeStem(SafeNames.stem(n)) + "-link", ConfinedPaths.linkReason(n, n)
                    + ", or allow links with hub.batch.followLinks = true");
            return;
        }
        String id = batchId(m);
        Path out = outbox().resolve(id);
        String state = store.state(id).orElse(null);
        if (BatchStore.FINISHED.equals(state)) {
            // finished before a restart, or dropped again unchanged: its results are already in the outbox
            LOG.info("batch {}: {} already ran (results in {}); archiving it", id, m.getFileName(), out);
            archive(m, id, List.of());
            return;
        }
        Path zip = zipOf(m);
        Path unpacked = Files.exists(zip, LinkOption.NOFOLLOW_LINKS) ? inbox().resolve(".unpacked").resolve(id) : null;
        BatchManifest manifest;
        try {
            if (unpacked != null && !followLinks && Files.isSymbolicLink(zip)) {
                String n = zip.getFileName().toString();
                throw new IOException(ConfinedPaths.linkReason(n, n) + ", or allow links with hub.batch.followLinks = true");
            }
            if (unpacked != null && !Files.exists(unpacked.resolve(UNPACKED_MARK))) {
                if (!settled(zip)) return;
                // a restart may have left half an unpacking: start it over
                ZipImages.deleteTree(unpacked);
                zips.unpack(zip, unpacked);
                Files.createFile(unpacked.resolve(UNPACKED_MARK));
            }
            manifest = BatchManifest.read(m, id, hub.chains(), hub.steps(), unpacked, followLinks);
        } catch (IOException e) {
            refuse(m, id, e.getMessage());
            return;
        }
        BatchEstimate estimate = BatchEstimate.of(manifest, hub.chains(), store.recentSteps(2000), autoApproveUsd, hub.ai().registry(), hub.home());
        if (state == null) {
            estimate.write(out);
            store.setState(id, m.getFileName().toString(), BatchStore.WAITING);
            state = BatchStore.WAITING;
            LOG.info("batch {}: {} rows ({} invalid, {} with AI steps), about {} s and ${}{}; estimate in {}{}", id, manifest.rows().size(),
                    estimate.invalidRows(), estimate.aiRows(), Math.round(estimate.totalMs() / 1000.0), estimate.costUsd().toPlainString(),
                    estimate.unpricedRows() > 0 ? " (" + estimate.unpricedRows() + " rows not priced)" : "", out,
                    estimate.needsApproval() ? "; waiting for " + approveFile(m).getFileName() : "");
        }
        if (BatchStore.WAITING.equals(state)) {
            if (estimate.needsApproval() && !Files.exists(approveFile(m))) return;
            Instant approved = approvedAt.computeIfAbsent(id, k -> Instant.now());
            Instant start = manifest.schedule().startAfter(approved);
            if (Instant.now().isBefore(start)) return;
            store.setState(id, m.getFileName().toString(), BatchStore.RUNNING);
            LOG.info("batch {}: started ({} rows, schedule {})", id, manifest.rows().size(), manifest.schedule());
        } else {
            LOG.info("batch {}: continuing after a restart", id);
        }
        Path results = new BatchRun(hub, store, manifest, out).run(stopping);
        if (results == null) {
            LOG.info("batch {}: the hub is stopping; the rows left run at the next start", id);
            return;
        }
        notify(manifest, out, results);
        store.setState(id, m.getFileName().toString(), BatchStore.FINISHED);
        approvedAt.remove(id);
        archive(m, id, manifest.rows().stream().map(BatchManifest.Row::source).filter(p -> p != null).toList());
        LOG.info("batch {}: finished; report and {} in {}", id, results.getFileName(), out);
    }

    private static final String UNPACKED_MARK = ".complete";

    /** {@code <name>.zip} beside {@code <name>.csv} holds images of the batch. */
    static Path zipOf(Path manifest) {
        return manifest.resolveSibling(SafeNames.stem(manifest.getFileName().toString()) + ".zip");
    }

    /** {@code <name>.approve} beside {@code <name>.csv} approves it. */
    static Path approveFile(Path manifest) {
        return manifest.resolveSibling(SafeNames.stem(manifest.getFileName().toString()) + ".approve");
    }

    private void notify(BatchManifest manifest, Path out, Path zip) throws IOException {
        List<String> to = new ArrayList<>(manifest.recipients());
        String configured = hub.settings().setting("hub.batch.notify", "").strip();
        if (to.isEmpty() && !configured.isEmpty()) to.addAll(List.of(configured.split("\\s*,\\s*")));
        // nobody named: the notifier sends to the exportRecipients of config/notifications.yaml (or to no one)
        List<String> report = Files.readAllLines(out.resolve("report.csv"), StandardCharsets.UTF_8);
        long failed = report.stream().skip(1).filter(l -> l.contains(",failed,")).count();
        String title = "Batch " + manifest.id();
        List<String> lines = List.of((report.size() - 1) + " rows, " + failed + " failed", "results: " + out);
        if (failed == report.size() - 1 && failed > 0) {
            hub.notifier().exportFailed(title, "every row failed; see report.csv", lines, List.of(out.resolve("report.csv")), to);
        } else {
            hub.notifier().exportFinished(title, lines, List.of(zip), List.of(out), to);
        }
    }

    // A manifest that cannot be read at all goes to outbox/batch/failed/ with a sidecar saying why.
    private void refuse(Path m, String id, String reason) throws IOException {
        Path failed = outbox().resolve("failed");
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("manifest", m.getFileName().toString());
        why.put("batch", id);
        why.put("error", m.getFileName() + ": " + reason);
        why.put("help", "fix the manifest (see docs/batches.md) and drop it into inbox/batch/ again");
        String stored = Publisher.publish(m, failed, SafeNames.stem(m.getFileName().toString()), SafeNames.extension(m.getFileName().toString()));
        Path zip = zipOf(m);
        if (Files.exists(zip, LinkOption.NOFOLLOW_LINKS)) Publisher.publish(zip, failed, SafeNames.stem(zip.getFileName().toString()), "zip");
        // the reason last: whoever sees it finds the manifest and its ZIP already beside it
        AtomicFiles.write(failed.resolve(stored + ".error.json"), JSON.writeValueAsBytes(why));
        LOG.warn("batch: {} refused: {}", m.getFileName(), reason);
    }

    // The manifest, its approve file, its ZIP and the images its rows named move to inbox/batch/.done/<batch-id>/;
    // the images unpacked from the ZIP are deleted (the ZIP itself is kept).
    private void archive(Path m, String id, List<Path> images) throws IOException {
        Path done = inbox().resolve(".done").resolve(id);
        Path unpacked = inbox().resolve(".unpacked").resolve(id);
        for (Path p : new LinkedHashSet<>(images)) {
            if (p.startsWith(unpacked) || !p.startsWith(inbox()) || !Files.isRegularFile(p)) continue;
            Path rel = inbox().relativize(p);
            Path dir = rel.getParent() == null ? done : done.resolve(rel.getParent());
            String n = p.getFileName().toString();
            Publisher.publish(p, dir, SafeNames.stem(n), SafeNames.extension(n));
        }
        for (Path extra : List.of(approveFile(m), zipOf(m))) {
            String n = extra.getFileName().toString();
            if (Files.exists(extra)) Publisher.publish(extra, done, SafeNames.stem(n), SafeNames.extension(n));
        }
        ZipImages.deleteTree(unpacked);
        String n = m.getFileName().toString();
        Publisher.publish(m, done, SafeNames.stem(n), SafeNames.extension(n));
    }
}
