package dev.imagehub.batch;

import dev.imagehub.config.Csv;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.HubServices;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.JobScope;
import dev.imagehub.chain.StepFailure;
import dev.imagehub.files.AtomicFiles;
import dev.imagehub.intake.CsvAppender;
import dev.imagehub.intake.GuardedRun;
import dev.imagehub.intake.HeldFile;
import dev.imagehub.intake.FileJob;
import dev.imagehub.intake.Placements;
import dev.imagehub.intake.Publisher;
import dev.imagehub.intake.SafeNames;
import dev.imagehub.ledger.JobRecord;
import dev.imagehub.ledger.UsageRecord;

/**
 * Runs an approved batch row by row into {@code outbox/batch/<batch-id>/}: each row is a journaled job (like a hot
 * folder file), so a restart finishes or redoes only the rows that had not finished; a failing row is recorded and the
 * next one runs. Rewrites progress.json after every row and ends with report.csv, a ZIP of everything and a mail.
 */
final class BatchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);
    static final String ROUTE = JobRecord.BATCH_ROUTE;
    static final String SOURCE = "batch";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubServices hub;
    private final BatchStore store;
    private final BatchManifest manifest;
    private final Path outDir;

    BatchRun(HubServices hub, BatchStore store, BatchManifest manifest, Path outDir) {
        this.hub = hub;
        this.store = store;
        this.manifest = manifest;
        this.outDir = outDir;
    }

    /**
     * Runs every row not yet finished, then writes the report and the ZIP and returns the ZIP; returns null when
     * {@code stopping} turned true between two rows (the hub is shutting down: the next start continues).
     */
    Path run(BooleanSupplier stopping) throws IOException, SQLException, InterruptedException {
        String id = manifest.id();
        Map<Integer, BatchStore.RowState> states = store.rows(id);
        long started = System.nanoTime();
        int ranHere = 0;
        for (BatchManifest.Row row : manifest.rows()) {
            BatchStore.RowState s = states.get(row.number());
            // a row interrupted before its job committed runs again under the same job id: its AI tasks are found, not paid again
            String resume = s != null && BatchStore.RUNNING.equals(s.status()) ? s.jobId() : null;
            if (s != null && BatchStore.RUNNING.equals(s.status())) s = settle(s);
            if (s == null || BatchStore.RUNNING.equals(s.status())) {
                if (stopping.getAsBoolean()) return null;
                s = row.valid() ? runRow(row, resume) : new BatchStore.RowState(row.number(), null, BatchStore.FAILED, null, row.problem(), null);
                store.finished(id, s);
                ranHere++;
                LOG.info("batch {}: row {} ({}) {}{}", id, row.number(), row.image(), s.status().toLowerCase(Locale.ROOT),
                        s.reason() == null ? " -> " + s.outputs() : ": " + s.reason());
            }
            states.put(row.number(), s);
            writeProgress(states, ranHere, System.nanoTime() - started, false);
        }
        writeProgress(states, ranHere, System.nanoTime() - started, true);
        writeReport(states);
        return writeZip();
    }

    // A row whose job was interrupted: the start-up sweep delivered a committed job's outputs, so only its outcome is
    // copied here; a job that never committed was abandoned by the sweep and the row runs again.
    private BatchStore.RowState settle(BatchStore.RowState s) throws SQLException {
        JobRecord job = s.jobId() == null ? null : hub.journal().find(s.jobId()).orElse(null);
        if (job == null || !job.committed()) return null;
        if (JobRecord.DONE.equals(job.state())) {
            List<String> names = new ArrayList<>();
            if (job.outputs() != null) {
                for (String line : job.outputs().split("\n")) {
                    String planned = Placements.plannedName(line);
                    if (planned != null) names.add(planned);
                }
            }
            BatchStore.RowState done = new BatchStore.RowState(s.row(), s.jobId(), BatchStore.DONE, String.join(" ", names), null, store.jobCost(s.jobId()));
            store.finished(manifest.id(), done);
            return done;
        }
        BatchStore.RowState failed = new BatchStore.RowState(s.row(), s.jobId(), BatchStore.FAILED, null,
                job.failedStep() + ": " + job.error(), store.jobCost(s.jobId()));
        store.finished(manifest.id(), failed);
        return failed;
    }

    private BatchStore.RowState runRow(BatchManifest.Row row, String resumeJobId) throws IOException, SQLException, InterruptedException {
        Path image = row.source();
        ChainDefinition chain = row.chainIn(hub.chains());
        String name = image.getFileName().toString();
        if (!Files.isRegularFile(image)) {
            return new BatchStore.RowState(row.number(), null, BatchStore.FAILED, null, "image '" + row.image() + "' disappeared before its row ran", null);
        }
        long size = Files.size(image);
        if (size > hub.settings().maxFileBytes()) {
            return new BatchStore.RowState(row.number(), null, BatchStore.FAILED, null, String.format(Locale.ROOT,
                    "the file is %.0f MB; the limit is %d MB (hub.maxFileMegabytes)", size / 1e6, hub.settings().maxFileBytes() / 1_000_000), null);
        }
        try (HeldFile held = HeldFile.read(hub.memory(), image, size)) {
            return runRow(row, resumeJobId, chain, name, held);
        }
    }

    private BatchStore.RowState runRow(BatchManifest.Row row, String resumeJobId, ChainDefinition chain, String name, HeldFile held)
            throws IOException, SQLException, InterruptedException {
        long size = held.size();
        String sha = held.sha256();
        String folder = ROUTE + "/" + manifest.id();
        JobRecord earlier = resumeJobId == null ? null : hub.journal().find(resumeJobId).orElse(null);
        boolean resumable = earlier != null && JobRecord.RUNNING.equals(earlier.state()) && earlier.sha256().equals(sha);
        if (earlier != null) discardTemps(resumeJobId);
        if (earlier != null && !resumable) hub.journal().abandon(resumeJobId);
        String jobId = resumable ? resumeJobId : hub.journal().begin(ROUTE, folder, row.chain(), name, size, sha,
                dev.imagehub.ledger.Campaigns.batch(manifest.id()), null);
        store.started(manifest.id(), row.number(), jobId);
        try {
            ChainResult result = process(chain, name, held, row.options(), scope(jobId, sha, folder));
            String stem = SafeNames.safeStem(row.output() != null ? SafeNames.stem(row.output()) : SafeNames.stem(name));
            List<String> placements = Placements.write(outDir, FileJob.TEMP_PREFIX + jobId, stem, result);
            hub.journal().commit(jobId, true, SOURCE, ROUTE, name, sha, result.usage(), null, null, String.join("\n", placements));
            List<String> published = Placements.publish(outDir, placements);
            BatchStore.RowState s = new BatchStore.RowState(row.number(), jobId, BatchStore.DONE, String.join(" ", published), null, cost(result.usage()));
            store.finished(manifest.id(), s);
            hub.journal().finalized(jobId);
            return s;
        } catch (StepFailure f) {
            hub.journal().commit(jobId, false, SOURCE, ROUTE, name, sha, f.usage(), f.step(), f.getMessage(), null);
            BatchStore.RowState s = new BatchStore.RowState(row.number(), jobId, BatchStore.FAILED, null, f.step() + ": " + f.getMessage(), cost(f.usage()));
            store.finished(manifest.id(), s);
            hub.journal().finalized(jobId);
            return s;
        }
    }

    // outputs an interrupted run of a row left behind; that run never committed, so they are garbage
    private void discardTemps(String jobId) throws IOException {
        if (!Files.isDirectory(outDir)) return;
        try (var files = Files.list(outDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(FileJob.TEMP_PREFIX + jobId)) Files.deleteIfExists(p);
            }
        }
    }

    private ChainResult process(ChainDefinition chain, String name, HeldFile held, Map<String, Object> options, JobScope scope)
            throws StepFailure, InterruptedException, IOException {
        // the row's options reach the steps as a sidecar would (watermark text, prompt, languages); the same limits and
        // memory budget as a hot-folder file
        return GuardedRun.run(hub, chain, name, held, options, scope);
    }

    private JobScope scope(String jobId, String sha, String folder) {
        Path inboxFolder = manifest.file().getParent();
        return new JobScope() {
            @Override public String route() { return ROUTE; }
            @Override public String folder() { return folder; }
            @Override public String jobId() { return jobId; }
            @Override public String fileSha256() { return sha; }
            @Override public Path home() { return hub.home(); }
            @Override public Path inboxFolder() { return inboxFolder; }
            @Override public dev.imagehub.wavespeed.AiGateway ai() { return hub.ai(); }
        };
    }

    private static BigDecimal cost(List<UsageRecord> usage) {
        BigDecimal sum = BigDecimal.ZERO;
        for (UsageRecord u : usage) if (u.costUsd() != null) sum = sum.add(u.costUsd());
        return sum;
    }

    private void writeProgress(Map<Integer, BatchStore.RowState> states, int ranHere, long elapsedNanos, boolean finished) throws IOException {
        int total = manifest.rows().size();
        int done = 0;
        int failed = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (BatchStore.RowState s : states.values()) {
            if (BatchStore.DONE.equals(s.status())) done++;
            else if (BatchStore.FAILED.equals(s.status())) failed++;
            if (s.costUsd() != null) cost = cost.add(s.costUsd());
        }
        int remaining = total - done - failed;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("batch", manifest.id());
        p.put("state", finished ? "finished" : "running");
        p.put("total", total);
        p.put("done", done);
        p.put("failed", failed);
        p.put("remaining", remaining);
        p.put("percent", total == 0 ? 100 : Math.round(1000.0 * (done + failed) / total) / 10.0);
        // the rows run so far in this run set the pace for the rest
        p.put("etaSeconds", ranHere == 0 || remaining == 0 ? 0 : Math.round(elapsedNanos / 1e9 / ranHere * remaining));
        p.put("costUsd", cost);
        AtomicFiles.write(outDir.resolve("progress.json"), JSON.writeValueAsBytes(p));
    }

    private void writeReport(Map<Integer, BatchStore.RowState> states) throws IOException {
        StringBuilder csv = new StringBuilder("row,image,outputs,status,reason,cost_usd\n");
        for (BatchManifest.Row row : manifest.rows()) {
            BatchStore.RowState s = states.get(row.number());
            csv.append(row.number()).append(',').append(Csv.quote(row.image())).append(',').append(Csv.quote(s.outputs())).append(',')
                    .append(s.status().toLowerCase(Locale.ROOT)).append(',').append(Csv.quote(s.reason())).append(',')
                    .append(s.costUsd() == null ? "0" : s.costUsd().stripTrailingZeros().toPlainString()).append('\n');
        }
        AtomicFiles.write(outDir.resolve("report.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    // Everything in the batch folder (outputs, estimate, progress, report), replaced whole; the last file of a batch
    private Path writeZip() throws IOException {
        Path zip = outDir.resolve(manifest.id() + ".zip");
        List<Path> files;
        try (var s = Files.walk(outDir)) {
            files = s.filter(Files::isRegularFile).filter(f -> !f.equals(zip) && !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
        AtomicFiles.write(zip, out -> {
            ZipOutputStream z = new ZipOutputStream(out);
            for (Path f : files) {
                z.putNextEntry(new ZipEntry(outDir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, z);
                z.closeEntry();
            }
            z.finish();
        });
        return zip;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
