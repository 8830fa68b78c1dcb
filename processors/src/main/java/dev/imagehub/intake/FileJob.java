package dev.imagehub.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagehub.HubServices;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.Companions;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.Errors;
import dev.imagehub.wavespeed.Postponed;
import dev.imagehub.chain.StepFailure;
import dev.imagehub.files.ConfinedPaths;
import dev.imagehub.ledger.JobRecord;
import dev.imagehub.ledger.UsageRecord;

/**
 * Takes one file of a hot folder from the inbox to exactly one place: its results in {@code outbox/<folder>/} with the
 * original archived in {@code inbox/<folder>/.done/}, or the untouched original in {@code outbox/<folder>/failed/}
 * with a sidecar saying why. Every transition is journaled so a crash at any point resumes without loss or
 * duplicates; while the outbox or the ledger cannot be written the file waits untouched (see docs/RELIABILITY.md).
 */
public final class FileJob {
    private static final Logger LOG = LoggerFactory.getLogger(FileJob.class);
    public static final String SOURCE = "hotfolder";
    public static final String TEMP_PREFIX = ".hub-";
    // a photo's sidecar is named after it: photo.jpg.json
    private static final String SIDECAR = ".json";
    /** The folder under a hot folder's outbox where results wait for review. */
    public static final String REVIEW_DIR = dev.imagehub.review.ReviewDesk.HELD;

    /** What became of a file handed to {@link #run}. */
    public enum Outcome {
        /** Results published, original archived in .done/. */
        DONE,
        /** Original in failed/ with its reason. */
        FAILED,
        /** Left untouched in the inbox: the outbox or the ledger cannot be written now, or it waits for a sibling. */
        WAITING
    }

    private static final ThreadLocal<String> LAST_FAILURE = new ThreadLocal<>();
    private final HubServices hub;
    private volatile boolean camelReports;
    private final String folder;
    private final String route;
    private final String chainName;
    private final ChainDefinition chain;
    private final String source;
    private final boolean followLinks;
    private boolean folderReview;
    private String campaign;
    private String sender;

    /** {@code chain} may be null for a job that only finishes an earlier, committed run. */
    public FileJob(HubServices hub, String folder, String route, String chainName, ChainDefinition chain) {
        this(hub, folder, route, chainName, chain, SOURCE, false);
    }

    /**
     * As above, with the {@code source} its usage rows carry ({@code hotfolder}, {@code mail}, ...) and whether symbolic
     * links in the folder are followed (refused by default: a link could publish any file the hub's user can read).
     */
    public FileJob(HubServices hub, String folder, String route, String chainName, ChainDefinition chain, String source,
                   boolean followLinks) {
        this.source = source;
        this.hub = hub;
        this.folder = folder;
        this.route = route;
        this.chainName = chainName;
        this.chain = chain;
        this.followLinks = followLinks;
    }

    public Path outbox() {
        return hub.home().resolve("outbox").resolve(folder);
    }

    /** Where results wait for a reviewer when the folder or its chain asks for review: {@code outbox/<folder>/.review/}. */
    public Path reviewDir() {
        return outbox().resolve(REVIEW_DIR);
    }

    /** The folder holds every result for review (its route's {@code review} parameter), whatever its chain says. */
    public FileJob reviewed(boolean review) {
        this.folderReview = review;
        return this;
    }

    /** The file came as part of a campaign (a mail thread: see {@code Campaigns}) and from a sender; both go with its job. */
    public FileJob campaign(String campaign, String sender) {
        this.campaign = campaign;
        this.sender = sender;
        return this;
    }

    private boolean review() {
        return folderReview || chain != null && chain.review();
    }

    public Path doneDir() {
        return inboxFolder().resolve(".done");
    }

    public Path failedDir() {
        return outbox().resolve("failed");
    }

    private Path inboxFolder() {
        return hub.home().resolve("inbox").resolve(folder);
    }

    /**
     * Outcomes reach the notifications through Camel (a failed file is a failed exchange of the hot-folder route, see
     * observe/FileOutcomeNotifier) instead of from here.
     */
    public void outcomesReportedByCamel() {
        this.camelReports = true;
    }

    /** The reason of the last file that failed on this thread (for the exchange that carries it), or null. */
    public static String lastFailure() {
        return LAST_FAILURE.get();
    }

    /**
     * Processes {@code file}. Failures of the file are results too (failed/ and a sidecar); a broken outbox or ledger
     * leaves the file untouched and pauses the folder; nothing escapes, so a worker never dies on a file.
     */
    public Outcome run(Path file) throws InterruptedException {
        String name = file.getFileName().toString();
        String[] needs = chain != null && chain.paid() ? new String[] {Pauses.outbox(folder), Pauses.LEDGER, Pauses.DISK, Pauses.WAVESPEED}
                : new String[] {Pauses.outbox(folder), Pauses.LEDGER, Pauses.DISK};
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return Outcome.WAITING;   // a companion its lead's job archived
        Pauses.Ticket ticket = hub.pauses().enter(needs);
        if (ticket == Pauses.Ticket.WAIT) return Outcome.WAITING;
        try {
            hub.diskFloor().check();
        } catch (IOException low) {
            // below the free-space floor: the file waits untouched, and the pause's probe resumes work once space is back
            hub.pauses().released(needs);
            hub.pauses().failed(Pauses.DISK, low.getMessage());
            return Outcome.WAITING;
        }
        Outcome counted = Outcome.WAITING;
        LAST_FAILURE.remove();
        String claim;
        try {
            claim = claim(file, name);
        } catch (java.sql.SQLException e) {
            hub.pauses().released(needs);
            hub.pauses().failed(Pauses.LEDGER, "cannot claim " + name + " in the shared ledger: " + e.getMessage());
            return Outcome.WAITING;
        }
        if (claim != null && claim.isEmpty()) {
            hub.pauses().released(needs);
            return Outcome.WAITING;                          // another hub works on it; it leaves the inbox when that hub is done
        }
        hub.metrics().started(folder);
        try {
            if (claim != null && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                hub.pauses().released(needs);
                return Outcome.WAITING;                      // finished by another hub between our listing and our claim
            }
            Outcome outcome = take(file, name);
            counted = outcome;
            if (outcome == Outcome.WAITING) hub.pauses().released(needs);
            else hub.pauses().worked(needs);
            return outcome;
        } catch (InterruptedException e) {
            hub.pauses().released(needs);
            throw e;
        } catch (Postponed p) {
            // WaveSpeed down, its breaker open, or its rate limit reached: nothing was submitted, the file waits untouched
            hub.pauses().released(needs);
            hub.pauses().failed(p.service(), p.getMessage());
            return Outcome.WAITING;
        } catch (SQLException e) {
            hub.pauses().failed(Pauses.LEDGER, Errors.reason(e));
            return Outcome.WAITING;
        } catch (IOException e) {
            hub.pauses().failed(Pauses.outbox(folder), IoProblems.describe(e));
            return Outcome.WAITING;
        } catch (Throwable t) {
            hub.pauses().released(needs);
            counted = lastResort(file, name, t);
            return counted;
        } finally {
            if (counted != Outcome.WAITING) hub.waitingFiles().forget(file);
            hub.metrics().finished(folder, counted.name().toLowerCase(java.util.Locale.ROOT));
            if (claim != null) hub.claims().release(claim);
        }
    }

    /**
     * Among several hubs, a hot folder's file is claimed in the shared ledger first: its claim key when this hub holds
     * it now, "" when another hub works on it, null when the hub is on its own (or the file is a mail's or a batch's).
     */
    private String claim(Path file, String name) throws SQLException {
        if (hub.claims() == null || !SOURCE.equals(source)) return null;
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
            return "";                                        // moved by the hub that finished it
        }
        String key = dev.imagehub.cluster.FileClaims.key(route, folder + "/" + name, attrs.size(), attrs.lastModifiedTime().toMillis());
        return hub.claims().claim(key, route, folder + "/" + name) ? key : "";
    }

    // IOException here means the hub could not write (outbox, .done, failed, temporary files): the file is not at fault
    private Outcome take(Path file, String name) throws IOException, SQLException, InterruptedException {
        if (waitsForLead(file, name)) return Outcome.WAITING;
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink() && !followLinks) return refuseLink(file, name);
        if (attrs.isSymbolicLink()) attrs = Files.readAttributes(file, BasicFileAttributes.class);
        long size = attrs.size();
        if (size > hub.settings().maxFileBytes()) {
            String sha;
            try {
                sha = sha256(file);
            } catch (IOException e) {
                return unreadable(file, name, size, e);
            }
            return runJob(file, name, attrs, size, sha, null);
        }
        HeldFile held;
        try {
            held = HeldFile.read(hub.memory(), file, size);
        } catch (IOException e) {
            return unreadable(file, name, size, e);
        }
        try (held) {
            return runJob(file, name, attrs, held.size(), held.sha256(), held);
        }
    }

    // held is null for a file too large to read
    private Outcome runJob(Path file, String name, BasicFileAttributes attrs, long size, String sha, HeldFile held)
            throws IOException, SQLException, InterruptedException {
        String resumed = null;
        for (JobRecord previous : hub.journal().unfinished(route, name, size, sha)) {
            if (previous.committed()) {
                LOG.info("{}: {} was already {} before a restart; finishing its delivery without processing it again",
                        route, name, previous.state().toLowerCase(Locale.ROOT));
                return finish(previous, file);
            }
            // a run of this very file that stopped before it committed (a crash, a full disk): the newest one is
            // taken up again under its own job id, so the AI tasks it paid for are found, not submitted again
            discardTemps(previous.jobId());
            if (resumed != null) hub.journal().abandon(resumed);
            resumed = previous.jobId();
        }
        String jobId = resumed != null ? resumed : hub.journal().begin(route, folder, chainName, name, size, sha, campaign, sender);
        long started = System.nanoTime();
        try {
            if (held == null) throw GuardedRun.tooLarge(hub, size);
            Companions lone = loneCompanion(file, name);
            if (lone != null && !lone.loneRunsAlone()) {
                String reason = String.format(Locale.ROOT, "%s is a view of a multi-view 3D model (%s), but no %s file arrived beside "
                        + "it within %d s (option grace of the chain's to3d step); drop the front view together with its siblings, "
                        + "then move this file back into the inbox", name, lone.memberSuffix(name).substring(1), lone.lead(), lone.graceSeconds());
                throw new StepFailure("multiview", reason, null,
                        List.of(UsageRecord.local("multiview", 0, UsageRecord.FAILED, 0, size, 0, reason, null)));
            }
            ChainResult result;
            try {
                result = process(name, held, scope(jobId, sha));
            } catch (HeldFile.Changed changed) {
                // being rewritten: this run stops, and the new content is taken at a later poll as a new job
                hub.journal().abandon(jobId);
                LOG.info("{}: {}; it is taken again once it stops changing", route, changed.getMessage());
                return Outcome.WAITING;
            }
            List<String> placements;
            boolean forReview = review();
            Path delivery = forReview ? reviewDir() : outbox();
            // said before the results are written: after a crash, the journal tells where they are
            if (forReview) hub.journal().awaitReview(jobId);
            try {
                placements = Placements.write(delivery, TEMP_PREFIX + jobId, SafeNames.safeStem(SafeNames.stem(name)), result);
            } catch (IOException e) {
                // nothing committed: the job stays RUNNING and is taken up again, under the same id, once the outbox works
                discardTemps(jobId);
                throw e;
            }
            // the outputs are on disk (written and forced) before the commit says they exist
            hub.journal().commit(jobId, true, source, route, name, sha, result.usage(), null, null, String.join("\n", placements));
            hub.metrics().recorded(folder, chainName, result.usage());
            List<String> published = Placements.publish(delivery, placements);
            String archived = archiveOriginal(file, attrs, held.bytes(), name);
            moveCompanions(name, doneDir());
            hub.journal().finalized(jobId, homePaths(delivery, published), archived == null ? null : homePath(doneDir().resolve(archived)));
            LOG.info("{}: {} -> {} in {} ms", route, name, String.join(", ", published), (System.nanoTime() - started) / 1_000_000);
            if (!camelReports) hub.notifier().fileSucceeded(route);
            return Outcome.DONE;
        } catch (StepFailure f) {
            if (mayBeUnfinished(file, attrs, f)) {
                // a copy still being written (or paused) is not a bad file: nothing is recorded, it waits for its bytes
                hub.journal().abandon(jobId);
                LOG.info("{}: {} looks unfinished ({}); it is taken again when it changes", route, name, f.getMessage());
                return Outcome.WAITING;
            }
            hub.journal().commit(jobId, false, source, route, name, sha, f.usage(), f.step(), f.getMessage(), null);
            hub.metrics().recorded(folder, chainName, f.usage());
            fail(jobId, file, name, size, sha, f.step(), f.getMessage(), false);
            LOG.warn("{}: {} failed at step '{}': {}", route, name, f.step(), f.getMessage());
            // a route that keeps failing alerts the operations address once per burst (config/notifications.yaml)
            LAST_FAILURE.set(f.getMessage());
            if (!camelReports) hub.notifier().fileFailed(route, name + ": " + f.getMessage());
            return Outcome.FAILED;
        }
    }

    /**
     * True when a failure may only mean that the file is not all there yet: it changed since it was read, or its
     * decode failed while the file is younger than {@code hub.incompleteFileWait} and its format does not say it is
     * complete. Such a file is remembered ({@link WaitingFiles}) so the read lock leaves it alone until it changes.
     */
    private boolean mayBeUnfinished(Path file, BasicFileAttributes before, StepFailure f) {
        if (!SOURCE.equals(source)) return false;          // a mail's attachment or a batch row is whole when it arrives
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
            return false;
        }
        if (now.isSymbolicLink()) return false;
        long modified = now.lastModifiedTime().toMillis();
        boolean changed = now.size() != before.size() || !now.lastModifiedTime().equals(before.lastModifiedTime());
        boolean young = System.currentTimeMillis() - modified < hub.settings().incompleteFileWaitMs();
        boolean inputShape = "decode".equals(f.step()) || "probe".equals(f.step());
        if (changed || (young && inputShape && FileEnds.judge(file, now.size()) != FileEnds.Verdict.COMPLETE)) {
            hub.waitingFiles().cutOff(file, now.size(), modified);
            return true;
        }
        return false;
    }

    /** A symbolic link in a folder that does not follow links: refused, the link itself moved to failed/. */
    private Outcome refuseLink(Path file, String name) throws IOException, SQLException {
        String target = Files.readSymbolicLink(file).toString();
        String reason = ConfinedPaths.linkReason(name, name) + ", or allow links for this folder with the route parameter "
                + "followLinks: true (see README, Add a hot folder)";
        return failWhole(file, name, 0, sha256(("symlink:" + target).getBytes(java.nio.charset.StandardCharsets.UTF_8)), "intake", reason);
    }

    /** The inbox file cannot be read (permissions, I/O error): the file fails with the reason, untouched. */
    private Outcome unreadable(Path file, String name, long size, IOException e) throws IOException, SQLException {
        String reason = "the file cannot be read: " + IoProblems.describe(e);
        return failWhole(file, name, size, sha256(("unreadable:" + name + ":" + size).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "intake", reason);
    }

    // a failure decided before the chain ran: one journaled job, one ledger row, the original to failed/
    private Outcome failWhole(Path file, String name, long size, String sha, String step, String reason) throws IOException, SQLException {
        String jobId = hub.journal().begin(route, folder, chainName, name, size, sha, campaign, sender);
        hub.journal().commit(jobId, false, source, route, name, sha,
                List.of(UsageRecord.local(step, 0, UsageRecord.FAILED, 0, size, 0, reason, null)), step, reason, null);
        fail(jobId, file, name, size, sha, step, reason, false);
        LOG.warn("{}: {} failed at step '{}': {}", route, name, step, reason);
        LAST_FAILURE.set(reason);
        if (!camelReports) hub.notifier().fileFailed(route, name + ": " + reason);
        return Outcome.FAILED;
    }

    // Anything else that escaped (a bug, an Error outside the chain): the file must still leave the inbox with a reason.
    private Outcome lastResort(Path file, String name, Throwable t) {
        String reason = "the hub could not process the file (" + Errors.reason(t) + "); it was not changed. Move it back into the "
                + "inbox to try again";
        LOG.error("{}: {} failed unexpectedly: {}", route, name, reason, t);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return Outcome.WAITING;
            long size = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
            return failWhole(file, name, size, sha256(("failed:" + name + ":" + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    "hub", reason);
        } catch (Throwable again) {
            LOG.error("{}: {} could not be moved to failed/ either ({}); it stays in the inbox", route, name, Errors.reason(again));
            return Outcome.WAITING;
        }
    }

    // A companion (a _back view) is left for its lead's job; alone, it waits out the grace period and then fails.
    private boolean waitsForLead(Path file, String name) throws IOException {
        Companions c = chain == null ? null : chain.companions();
        if (c == null) return false;
        if (c.isLead(name)) {
            // a lead waits while a sibling is still being copied, as the route's read lock does for the lead itself
            long now = System.currentTimeMillis();
            for (Path p : c.membersOf(file.getParent(), name).values()) {
                if (now - Files.getLastModifiedTime(p).toMillis() < hub.settings().readLockMinAgeMs()) return true;
            }
            return false;
        }
        if (c.memberSuffix(name) == null) return false;
        if (c.leadOf(file.getParent(), name).isPresent()) return true;
        return loneCompanion(file, name) == null;
    }

    private Companions loneCompanion(Path file, String name) throws IOException {
        Companions c = chain == null ? null : chain.companions();
        if (c == null || c.memberSuffix(name) == null || c.leadOf(file.getParent(), name).isPresent()) return null;
        long age = System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis();
        return age >= c.graceSeconds() * 1000 ? c : null;
    }

    // The companions a lead file's job used travel with it, to .done/ or failed/.
    private void moveCompanions(String name, Path dir) throws IOException {
        Companions c = chain == null ? null : chain.companions();
        if (c == null) return;
        for (Path p : c.membersOf(hub.home().resolve("inbox").resolve(folder), name).values()) {
            String n = p.getFileName().toString();
            Publisher.publish(p, dir, SafeNames.stem(n), SafeNames.extension(n));
        }
    }

    private dev.imagehub.chain.JobScope scope(String jobId, String sha) {
        Path inboxFolder = hub.home().resolve("inbox").resolve(folder);
        return new dev.imagehub.chain.JobScope() {
            @Override public String route() { return route; }
            @Override public String folder() { return folder; }
            @Override public String jobId() { return jobId; }
            @Override public String fileSha256() { return sha; }
            @Override public Path home() { return hub.home(); }
            @Override public Path inboxFolder() { return inboxFolder; }
            @Override public dev.imagehub.wavespeed.AiGateway ai() { return hub.ai(); }
            @Override public boolean followsLinks() { return followLinks; }
            @Override public java.time.Duration deadline() { return hub.fileDeadline(); }
        };
    }

    private ChainResult process(String name, HeldFile held, dev.imagehub.chain.JobScope scope)
            throws StepFailure, InterruptedException, IOException {
        if (chain.takesText()) return processPrompt(name, held.bytes(), held.size(), scope);
        return GuardedRun.run(hub, chain, name, held, readSidecar(name), scope);
    }

    /** A prompt file ({@code .txt}: the prompt; {@code .json}: prompt, size, seed, count, ...) for a chain that generates images. */
    private ChainResult processPrompt(String name, byte[] bytes, long size, dev.imagehub.chain.JobScope scope) throws StepFailure {
        Map<String, Object> values;
        String ext = SafeNames.extension(name).toLowerCase(Locale.ROOT);
        dev.imagehub.chain.ImageStep<?> first = chain.steps().get(0).step();
        try {
            String raw = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            String text = raw.strip();
            if (first.readsRawText()) {
                // the step parses the file itself (a CSV of quotes); the hub only checks the kind of file
                if (!first.textExtensions().contains(ext)) {
                    throw new IOException("this folder makes pictures from text files (step '" + first.name() + "'): drop a ."
                            + String.join(", .", new java.util.TreeSet<>(first.textExtensions())) + " file, not a ." + ext + " file");
                }
                if (text.isEmpty()) throw new IOException("the file is empty");
                return ChainRunner.runText(chain, name, Map.of(dev.imagehub.chain.ImageStep.TEXT, raw), scope);
            }
            if (ext.equals("json")) {
                Object parsed = SIDECAR_JSON.readValue(text, Object.class);
                if (!(parsed instanceof Map<?, ?> map)) throw new IOException("it must hold a JSON object such as {\"prompt\": \"a red kite\"}");
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) map;
                values = m;
            } else if (ext.equals("txt")) {
                values = Map.of("prompt", text);
            } else {
                throw new IOException("this folder makes images from prompt files: drop a .txt (the prompt) or a .json "
                        + "({\"prompt\": ..., \"size\": \"1024*1024\", \"seed\": 1, \"count\": 2}), not a ." + ext + " file");
            }
            Object prompt = values.get("prompt");
            if (prompt == null || String.valueOf(prompt).isBlank()) throw new IOException("the prompt file holds no prompt");
        } catch (IOException e) {
            String reason = name + ": " + e.getMessage().lines().findFirst().orElse("");
            String step = first.readsRawText() ? first.name() : "prompt";
            throw new StepFailure(step, reason, e, List.of(UsageRecord.local(step, 0, UsageRecord.FAILED, 0, size, 0, reason, null)));
        }
        return ChainRunner.runText(chain, name, values, scope);
    }

    /** Sidecar file of an image: {@code photo.jpg.json} beside {@code photo.jpg}. */
    Path sidecarOf(String name) {
        return inboxFolder().resolve(name + SIDECAR);
    }

    private Map<String, Object> readSidecar(String name) throws StepFailure {
        Path file = sidecarOf(name);
        if (Files.isSymbolicLink(file) && !followLinks) {
            String reason = "the sidecar " + ConfinedPaths.linkReason(file.getFileName().toString(), file.getFileName().toString());
            throw new StepFailure("sidecar", reason, null, List.of(UsageRecord.local("sidecar", 0, UsageRecord.FAILED, 0, 0, 0, reason, null)));
        }
        if (!Files.isRegularFile(file)) return Map.of();
        try {
            Object parsed = SIDECAR_JSON.readValue(file.toFile(), Object.class);
            if (!(parsed instanceof Map<?, ?> map)) throw new IOException("it must hold a JSON object { ... }");
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) map;
            return values;
        } catch (IOException e) {
            String reason = "the sidecar " + file.getFileName() + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse("");
            throw new StepFailure("sidecar", reason, e, List.of(UsageRecord.local("sidecar", 0, UsageRecord.FAILED, 0, 0, 0, reason, null)));
        }
    }

    // The sidecar travels with its image: archived beside it in .done/ or failed/.
    private void moveSidecar(String name, Path dir, String archivedName) throws IOException {
        Path file = sidecarOf(name);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) return;
        Publisher.publish(file, dir, archivedName + SIDECAR, "");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper SIDECAR_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    // The original goes to .done only if it is still the file we processed: if the user dropped a new file with the
    // same name meanwhile, that one stays in the inbox for its own run, and our bytes are archived from memory.
    private String archiveOriginal(Path file, BasicFileAttributes before, byte[] bytes, String name) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return null;
        BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
        boolean same = Objects.equals(now.fileKey(), before.fileKey()) && now.size() == before.size()
                && now.lastModifiedTime().equals(before.lastModifiedTime());
        if (same) {
            // room for "<archived>.json" only when there is a sidecar to archive beside it
            int reserve = Files.exists(sidecarOf(name), LinkOption.NOFOLLOW_LINKS) ? SIDECAR.length() : 0;
            String archived = Publisher.publish(file, doneDir(), SafeNames.stem(name), SafeNames.extension(name), reserve);
            moveSidecar(name, doneDir(), archived);
            return archived;
        } else if (bytes != null) {
            Path tmp = Publisher.writeTemp(doneDir(), TEMP_PREFIX + "archive-" + System.nanoTime() + ".tmp", bytes);
            return Publisher.publish(tmp, doneDir(), SafeNames.stem(name), SafeNames.extension(name));
        }
        return null;
    }

    // where the console finds a job's files: paths relative to the hub folder, one per line
    private String homePaths(Path dir, List<String> names) {
        return String.join("\n", names.stream().map(n -> homePath(dir.resolve(n))).toList());
    }

    private String homePath(Path p) {
        return hub.home().toAbsolutePath().relativize(p.toAbsolutePath()).toString().replace('\\', '/');
    }

    private void fail(String jobId, Path file, String name, long size, String sha, String step, String reason, boolean recovery)
            throws IOException, SQLException {
        // in a recovery run a second link means the original already reached failed/ before the crash
        String json = FailureSidecar.toJson(FailureSidecar.content(name, folder, route, chainName, step, reason, jobId, sha, size,
                hub.settings().version()));
        // the reason first, then the original under the name it explains: whoever sees the file finds why
        String failedName = recovery && Publisher.alreadyLinked(file) ? null
                : Publisher.publish(file, failedDir(), SafeNames.stem(name), SafeNames.extension(name), FailureSidecar.SUFFIX.length(),
                        taken -> FailureSidecar.write(failedDir().resolve(taken), json));
        if (failedName == null) {
            Files.deleteIfExists(file);
        } else {
            moveSidecar(name, failedDir(), failedName);
            moveCompanions(name, failedDir());
        }
        hub.journal().finalized(jobId, null, failedName == null ? null : homePath(failedDir().resolve(failedName)));
    }

    /** Completes a job that was committed before a crash: publishes leftover outputs and moves the original once. */
    Outcome finish(JobRecord job, Path file) throws IOException, SQLException {
        boolean present = file != null && Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (JobRecord.DONE.equals(job.state())) {
            Path delivery = JobRecord.REVIEW_WAITING.equals(job.reviewState()) ? reviewDir() : outbox();
            List<String> published = job.outputs() != null && !job.outputs().isEmpty()
                    ? Placements.publish(delivery, List.of(job.outputs().split("\n"))) : List.of();
            String archived = null;
            if (present) {
                if (Publisher.alreadyLinked(file)) Files.delete(file);
                else archived = Publisher.publish(file, doneDir(), SafeNames.stem(job.fileName()), SafeNames.extension(job.fileName()));
            }
            moveCompanions(job.fileName(), doneDir());
            // outputs published before the crash are not known by name here: the console shows those it knows
            hub.journal().finalized(job.jobId(), homePaths(delivery, published), archived == null ? null : homePath(doneDir().resolve(archived)));
            return Outcome.DONE;
        }
        if (present) {
            fail(job.jobId(), file, job.fileName(), job.fileSize(), job.sha256(), job.failedStep(), job.error(), true);
        } else {
            moveCompanions(job.fileName(), failedDir());
            hub.journal().finalized(job.jobId());
        }
        return Outcome.FAILED;
    }

    void discardTemps(String jobId) throws IOException {
        for (Path dir : List.of(outbox(), reviewDir())) {
            if (!Files.isDirectory(dir)) continue;
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.getFileName().toString().startsWith(TEMP_PREFIX + jobId)) Files.deleteIfExists(p);
                }
            }
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
