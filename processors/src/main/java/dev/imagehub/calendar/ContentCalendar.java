package dev.imagehub.calendar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagehub.HubSettings;
import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.mail.Notifier;

/**
 * The content calendar: plans every row of config/calendar.csv as a one-shot Quartz trigger at its instant, re-plans
 * when the file changes (new rows scheduled, removed or edited rows unscheduled), exports each post once (the ledger's
 * calendar_export table decides), catches up posts whose time passed while the hub was down, and mails the day's set.
 * Quartz's Scheduler is used directly rather than through camel-quartz endpoints: posts are one-shot instants that
 * come and go with every edit, which a route per cron expression would turn into adding and removing routes.
 */
public final class ContentCalendar implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContentCalendar.class);
    public static final String FILE = "config/calendar.csv";
    public static final String ERRORS_FILE = "calendar-errors.txt";
    private static final String POSTS = "calendar-post";
    private static final JobKey WATCH = JobKey.jobKey("calendar-watch", "calendar");
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Path file;
    private final Path yamlFile;
    private final ZoneId defaultZone;
    private final Duration catchUp;
    private final int pollMillis;
    private final List<String> mailTo;
    private final ChainCatalog chains;
    private final PostExporter exporter;
    private final ExportLog log;
    private final CalendarReview review;
    private final Notifier notifier;
    private final Clock clock;
    private final Map<String, CalendarPost> current = new ConcurrentHashMap<>();
    private volatile List<CalendarFile.Problem> problems = List.of();
    private final Object exportLock = new Object();
    private final Object planLock = new Object();
    private volatile String digest;
    private volatile Scheduler scheduler;

    /** The hub.calendar.* settings, checked when the hub starts. */
    public record Settings(ZoneId defaultZone, Duration catchUp, int pollMillis, List<String> mailTo) {

        /** Reads and checks the settings, so a bad zone or address stops the start with file, line and key. */
        public static Settings of(HubSettings settings) {
            String zone = settings.setting("hub.calendar.zone", "");
            ZoneId defaultZone;
            try {
                defaultZone = zone.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw settings.invalid("hub.calendar.zone", "'" + zone + "' is not a time zone id like Europe/Paris or UTC (leave it empty for the system's)");
            }
            Duration catchUp = Duration.ofHours(settings.intSetting("hub.calendar.catchUpHours", 24, 0, 24 * 366));
            int pollMillis = settings.intSetting("hub.calendar.pollMillis", 1000, 50, 3_600_000);
            List<String> to = new ArrayList<>();
            for (String a : settings.setting("hub.calendar.mailTo", "").split(",")) {
                if (a.isBlank()) continue;
                if (!a.trim().matches("[^@\\s]+@[^@\\s]+")) {
                    throw settings.invalid("hub.calendar.mailTo", "'" + a.trim() + "' is not a mail address (separate several with commas)");
                }
                to.add(a.trim());
            }
            return new Settings(defaultZone, catchUp, pollMillis, List.copyOf(to));
        }
    }

    public ContentCalendar(Path home, Settings settings, ChainCatalog chains, StepCatalog steps, javax.sql.DataSource ds, Notifier notifier,
                           Clock clock) {
        this.file = home.resolve(FILE);
        this.yamlFile = home.resolve(CalendarFile.YAML);
        this.defaultZone = settings.defaultZone();
        this.catchUp = settings.catchUp();
        this.pollMillis = settings.pollMillis();
        this.mailTo = settings.mailTo();
        this.chains = chains;
        this.exporter = new PostExporter(home, chains, steps);
        this.log = new ExportLog(ds);
        this.review = new CalendarReview(ds, exporter);
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Starts the scheduler: re-runs exports a crash interrupted, plans the calendar (catching up) and watches the file. */
    public synchronized void start() {
        if (scheduler != null) return;                       // started already (a hub that leads the calendar again)
        try {
            int decided = review.recover();
            if (decided > 0) LOG.info("calendar: finished {} review decision(s) interrupted by the last stop", decided);
        } catch (java.sql.SQLException | IOException e) {
            LOG.warn("calendar: cannot finish interrupted review decisions: {}", e.getMessage());
        }
        int released = log.releaseInterrupted();
        if (released > 0) LOG.info("calendar: {} export(s) interrupted by the last stop run again", released);
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "hub-calendar-" + INSTANCES.incrementAndGet());
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        try {
            Scheduler s = new StdSchedulerFactory(p).getScheduler();
            // jobs are this instance's methods, not classes Quartz instantiates
            s.setJobFactory((bundle, sched) -> jobFor(bundle.getJobDetail().getKey()));
            s.start();
            scheduler = s;
            replan();
            s.scheduleJob(JobBuilder.newJob(Job.class).withIdentity(WATCH).build(), TriggerBuilder.newTrigger()
                    .startAt(new Date(clock.millis() + pollMillis))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(pollMillis).repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("calendar: cannot start the scheduler: " + e.getMessage(), e);
        }
        LOG.info("Calendar: config/calendar.csv and .yaml watched every {} ms, default zone {}, catch-up {} h{}", pollMillis, defaultZone.getId(),
                catchUp.toHours(), mailTo.isEmpty() ? "" : ", day sets mailed to " + String.join(", ", mailTo));
    }

    private Job jobFor(JobKey key) {
        if (key.equals(WATCH)) return ctx -> replan();
        return ctx -> fire(key.getName());
    }

    /** Throws unless the calendar's scheduler runs (for the health check). */
    public void checkRunning() throws org.quartz.SchedulerException {
        Scheduler s = scheduler;
        if (s == null || !s.isStarted() || s.isShutdown()) {
            throw new IllegalStateException("the calendar's scheduler is not running: posts in config/calendar.csv are not exported");
        }
    }

    /** Reads the calendar if it changed and re-plans: valid rows scheduled (or caught up), rows gone unscheduled. */
    /** The calendar's valid posts as last read, in the order they are due. */
    public List<CalendarPost> posts() {
        return current.values().stream().sorted(java.util.Comparator.comparing(CalendarPost::instant)).toList();
    }

    /** The rows of the calendar files that could not be planned, with their reasons, as last read. */
    public List<CalendarFile.Problem> problems() {
        return problems;
    }

    /**
     * A post's picture for one platform as it would be exported, computed now and written nowhere; a chain with AI
     * steps is previewed without them (they would cost money), which the preview's note says. Empty for an unknown post
     * or platform.
     */
    public java.util.Optional<PostExporter.Preview> preview(String key, String platform) throws Exception {
        CalendarPost post = current.get(key);
        if (post == null) return java.util.Optional.empty();
        for (CalendarPost.Platform p : post.platforms()) {
            if (p.name().equals(platform)) return java.util.Optional.of(exporter.preview(post, p));
        }
        return java.util.Optional.empty();
    }

    public void replan() {
        synchronized (planLock) {
            Scheduler s = scheduler;
            if (s == null) return;
            String text;
            String yaml;
            try {
                text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
                yaml = Files.isRegularFile(yamlFile) ? Files.readString(yamlFile, StandardCharsets.UTF_8) : null;
            } catch (IOException e) {
                // a half-saved or locked file: read again at the next poll
                LOG.debug("calendar: cannot read the calendar now: {}", e.getMessage());
                return;
            }
            String d = sha256(text + "\u0000" + (yaml == null ? "" : yaml));
            if (d.equals(digest)) return;
            digest = d;
            // both files may exist: their posts are planned together
            List<CalendarPost> posts = new ArrayList<>();
            List<CalendarFile.Problem> problems = new ArrayList<>();
            if (!text.isEmpty()) {
                CalendarFile.Parsed parsed = CalendarFile.parse(text, defaultZone, chains.config().presetNames(), n -> chains.get(n) != null,
                        exporter.layouts());
                posts.addAll(parsed.posts());
                problems.addAll(parsed.problems());
            }
            if (yaml != null) {
                CalendarFile.Parsed parsed = CalendarFile.parseYaml(yaml, defaultZone, chains.config().presetNames(), n -> chains.get(n) != null,
                        exporter.layouts());
                posts.addAll(parsed.posts());
                problems.addAll(parsed.problems());
            }
            reportProblems(problems);
            this.problems = List.copyOf(problems);
            try {
                plan(s, posts);
            } catch (SchedulerException e) {
                LOG.error("calendar: cannot schedule the posts: {}", e.getMessage());
                digest = null;
            }
        }
    }

    private void plan(Scheduler s, List<CalendarPost> posts) throws SchedulerException {
        Instant now = clock.instant();
        Map<String, CalendarPost> next = new java.util.LinkedHashMap<>();
        for (CalendarPost post : posts) next.putIfAbsent(post.key(), post);
        current.keySet().retainAll(next.keySet());
        current.putAll(next);
        int scheduled = 0;
        int caughtUp = 0;
        for (CalendarPost post : next.values()) {
            JobKey job = JobKey.jobKey(post.key(), POSTS);
            if (s.checkExists(job) || log.known(post.key())) continue;
            Instant due = post.instant();
            Trigger trigger;
            if (due.isAfter(now)) {
                trigger = TriggerBuilder.newTrigger().startAt(Date.from(due))
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
                scheduled++;
            } else if (Duration.between(due, now).compareTo(catchUp) <= 0) {
                LOG.info("calendar: {} was due at {} and has not run (the hub was down, or the row was added late): exporting it now", post.describe(), due);
                trigger = TriggerBuilder.newTrigger().startNow().build();
                caughtUp++;
            } else {
                if (log.claim(post, ExportLog.MISSED, now)) {
                    LOG.warn("calendar: {} was due at {}, more than {} h ago (hub.calendar.catchUpHours): missed, not exported",
                            post.describe(), due, catchUp.toHours());
                    log.finish(post.key(), ExportLog.MISSED, null, "due more than " + catchUp.toHours() + " h before the hub ran", now);
                }
                continue;
            }
            s.scheduleJob(JobBuilder.newJob(Job.class).withIdentity(job).build(), trigger);
        }
        int removed = 0;
        for (JobKey job : s.getJobKeys(GroupMatcher.jobGroupEquals(POSTS))) {
            if (!next.containsKey(job.getName()) && s.deleteJob(job)) removed++;
        }
        LOG.info("calendar: {} valid post(s); {} newly scheduled, {} caught up, {} unscheduled", next.size(), scheduled,
                caughtUp, removed);
    }

    private void reportProblems(List<CalendarFile.Problem> problems) {
        Path report = exporter.outbox().resolve(ERRORS_FILE);
        try {
            if (problems.isEmpty()) {
                Files.deleteIfExists(report);
                return;
            }
            StringBuilder sb = new StringBuilder("Calendar rows that were not scheduled (the other rows are):\n");
            for (CalendarFile.Problem p : problems) {
                LOG.warn("calendar: {}", p);
                sb.append(p).append('\n');
            }
            dev.imagehub.files.AtomicFiles.write(report, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("calendar: cannot write {}: {}", report, e.getMessage());
        }
    }

    /** Runs the post with {@code key} unless it was removed from the calendar or someone already ran it. */
    private void fire(String key) {
        CalendarPost post = current.get(key);
        if (post == null) return;
        // Quartz may hand a trigger over a millisecond or two early; a post never goes out before its instant
        long early = post.instant().toEpochMilli() - clock.millis();
        if (early > 0) LockSupport.parkNanos(early * 1_000_000L);
        if (!log.claim(post, ExportLog.RUNNING, clock.instant())) return;
        synchronized (exportLock) {
            export(post);
        }
    }

    /** The posts held for a reviewer, and their approval. */
    public CalendarReview review() {
        return review;
    }

    // a post whose chain says review: true waits for a reviewer before it goes to its day
    private boolean heldForReview(CalendarPost post) {
        var chain = post.chain() == null ? null : chains.all().get(post.chain());
        return chain != null && chain.review();
    }

    private void export(CalendarPost post) {
        String title = "Calendar " + post.date() + " " + post.time() + " (" + post.zone().getId() + ")";
        PostExporter.Result result;
        boolean held = heldForReview(post);
        try {
            result = exporter.export(post, held);
        } catch (Exception | OutOfMemoryError e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            log.finish(post.key(), ExportLog.FAILED, null, reason, clock.instant());
            LOG.warn("calendar: {} failed: {}", post.describe(), reason);
            if (!mailTo.isEmpty()) notifier.exportFailed(title, reason, List.of(post.describe()), List.of(), mailTo);
            return;
        }
        try {
            log.usage(post, result, clock.instant());
        } catch (IllegalStateException e) {
            // the files are out; a ledger hiccup must not turn a finished export into a failed one
            LOG.warn("{}", e.getMessage());
        }
        if (held && result.failures().isEmpty() && !result.files().isEmpty()) {
            log.finish(post.key(), CalendarReview.REVIEW, String.join("\n", result.files().stream().map(Path::toString).toList()), null, clock.instant());
            LOG.info("calendar: {} waits for review: {} file(s) held", post.describe(), result.files().size());
            return;
        }
        if (held) {
            // a platform failed: nothing to approve as a whole; what was made goes to its day as any failed export's files
            try {
                result = new PostExporter.Result(exporter.release(post.date(), post.key(), true), exporter.outbox().resolve(post.date() + ".zip"),
                        result.failures(), result.sha256(), result.usage(), result.notes());
            } catch (IOException e) {
                LOG.warn("calendar: cannot move the files of {} out of review: {}", post.describe(), e.getMessage());
            }
        }
        String outputs = String.join("\n", result.files().stream().map(Path::toString).toList());
        List<String> lines = new ArrayList<>();
        lines.add(post.describe());
        lines.add(result.files().size() + " file(s) written under " + exporter.outbox().resolve(post.date().toString()));
        lines.addAll(result.failures());
        lines.addAll(result.notes());
        for (String note : result.notes()) LOG.info("calendar: {}: {}", post.describe(), note);
        if (result.failures().isEmpty()) {
            log.finish(post.key(), ExportLog.DONE, outputs, null, clock.instant());
            LOG.info("calendar: exported {}: {} file(s), day set {}", post.describe(), result.files().size(), result.zip());
            if (!mailTo.isEmpty()) notifier.exportFinished(title, lines, List.of(result.zip()), List.of(result.zip()), mailTo);
        } else {
            String reason = String.join("; ", result.failures());
            log.finish(post.key(), ExportLog.FAILED, outputs, reason, clock.instant());
            LOG.warn("calendar: {} failed for {}", post.describe(), reason);
            if (!mailTo.isEmpty()) {
                notifier.exportFailed(title, reason, lines, result.zip() == null ? List.of() : List.of(result.zip()), mailTo);
            }
        }
    }

    /** The keys of the posts scheduled for later (for tests and logs). */
    public Set<String> scheduledKeys() {
        Scheduler s = scheduler;
        if (s == null) return Set.of();
        try {
            Set<String> keys = new java.util.TreeSet<>();
            for (JobKey k : s.getJobKeys(GroupMatcher.jobGroupEquals(POSTS))) keys.add(k.getName());
            return keys;
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the scheduler, letting an export in progress finish (its files and ledger row stay consistent). */
    @Override
    public synchronized void close() {
        Scheduler s = scheduler;
        scheduler = null;
        if (s == null) return;
        try {
            s.shutdown(true);
        } catch (SchedulerException e) {
            LOG.debug("calendar scheduler shutdown: {}", e.getMessage());
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
