package dev.imagehub.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back new work while something the hub cannot do without is broken: a folder's outbox (unwritable, disk full)
 * or the ledger database. Files wait untouched in their inbox instead of being retried on every poll; after a pause
 * that doubles with each failed try (1 s up to {@code maxPause}), one file tries again, and the first success resumes
 * the folder by itself. Each pause is said once in the log and in the notifications, and so is its end. A key with a
 * {@link #probe probe} (the ledger) is also tried without a file, so that its pause ends even when no file is waiting.
 */
public final class Pauses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pauses.class);
    /** The pause key of the ledger database, which every folder needs. */
    public static final String LEDGER = "the ledger database";
    /** The pause key of the free-space floor, which every folder needs. */
    public static final String DISK = "free disk space";
    /** The pause key of the WaveSpeed API, which the folders with AI steps need. */
    public static final String WAVESPEED = dev.imagehub.wavespeed.AiGateway.SERVICE;
    private static final Duration FIRST = Duration.ofSeconds(1);

    /** Who hears that work paused and resumed (the notifier mails the operations address). */
    public interface Listener {
        void paused(String what, String reason);

        void resumed(String what, Duration pausedFor);
    }

    private final Duration maxPause;
    private final Clock clock;
    private volatile Listener listener;
    private final Map<String, Pause> pauses = new ConcurrentHashMap<>();
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private volatile java.util.concurrent.ScheduledExecutorService prober;

    /** A check that {@code key} works again, without a file: it returns normally when it does, throws when not. */
    @FunctionalInterface
    public interface Probe {
        void check() throws Exception;
    }

    public Pauses(Duration maxPause, Clock clock, Listener listener) {
        this.maxPause = maxPause;
        this.clock = clock;
        this.listener = listener;
    }

    /** What {@link #enter} allows: go ahead, go ahead as the one try after a pause, or wait. */
    public enum Ticket { GO, TRIAL, WAIT }

    private static final class Pause {
        final Instant since;
        String reason;
        int failures;
        Instant next;
        boolean trial;

        Pause(Instant since, String reason) {
            this.since = since;
            this.reason = reason;
        }
    }

    /** Whether a job needing {@code keys} (a folder's outbox, the ledger) may start now. */
    public Ticket enter(String... keys) {
        if (pauses.isEmpty()) return Ticket.GO;
        synchronized (this) {
            Instant now = clock.instant();
            java.util.List<Pause> paused = new java.util.ArrayList<>();
            for (String key : keys) {
                Pause p = pauses.get(key);
                if (p == null) continue;
                if (p.trial || now.isBefore(p.next)) return Ticket.WAIT;
                paused.add(p);
            }
            if (paused.isEmpty()) return Ticket.GO;
            for (Pause p : paused) p.trial = true;
            return Ticket.TRIAL;
        }
    }

    /** A job failed because {@code key} is broken: pause it (again, longer). */
    public void failed(String key, String reason) {
        Instant now = clock.instant();
        Pause created = new Pause(now, reason);
        Duration pause;
        boolean first;
        synchronized (this) {
            Pause p = pauses.computeIfAbsent(key, k -> created);
            first = p == created && p.failures == 0;
            p.failures++;
            p.trial = false;
            p.reason = reason;
            pause = FIRST.multipliedBy(1L << Math.min(20, p.failures - 1));
            if (pause.compareTo(maxPause) > 0) pause = maxPause;
            p.next = now.plus(pause);
        }
        if (first) {
            LOG.error("{} cannot be used: {}. New files wait where they are; the hub tries again by itself (every {} s at most) "
                    + "and carries on once it works", key, reason, maxPause.toSeconds());
            Listener l = listener;
            if (l != null) l.paused(key, reason);
        } else {
            LOG.debug("{} still cannot be used ({}); next try in {} ms", key, reason, pause.toMillis());
        }
    }

    /** A job that needed {@code keys} went through: end their pauses. */
    public void worked(String... keys) {
        if (pauses.isEmpty()) return;
        for (String key : keys) {
            Pause p;
            synchronized (this) {
                p = pauses.remove(key);
            }
            if (p == null) continue;
            Duration down = Duration.between(p.since, clock.instant());
            LOG.info("{} works again after {}; paused files are being taken again", key, human(down));
            Listener l = listener;
            if (l != null) l.resumed(key, down);
        }
    }

    /** Ends a try that neither worked nor failed on {@code keys} (the file itself failed, or went away). */
    public synchronized void released(String... keys) {
        for (String key : keys) {
            Pause p = pauses.get(key);
            if (p != null) p.trial = false;
        }
    }

    /** How many tries failed since {@code key} paused (0 when it is not paused). */
    public synchronized int failures(String key) {
        Pause p = pauses.get(key);
        return p == null ? 0 : p.failures;
    }

    /** What is paused now, with the reason (for health reports and tests). */
    public synchronized Map<String, String> current() {
        Map<String, String> out = new java.util.TreeMap<>();
        pauses.forEach((k, p) -> out.put(k, p.reason));
        return out;
    }

    /**
     * Tries {@code key} with {@code probe} whenever its pause is due and no file is trying it: a pause whose last try
     * failed after its file was already delivered (a dropped connection) would otherwise last until the next file.
     */
    public synchronized void probe(String key, Probe probe) {
        probes.put(key, probe);
        if (prober == null) {
            prober = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hub-pause-probe");
                t.setDaemon(true);
                return t;
            });
            prober.scheduleWithFixedDelay(this::probeDue, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void probeDue() {
        for (Map.Entry<String, Probe> e : probes.entrySet()) {
            String key = e.getKey();
            if (enter(key) != Ticket.TRIAL) continue;
            try {
                e.getValue().check();
                worked(key);
            } catch (Exception ex) {
                failed(key, dev.imagehub.chain.Errors.reason(ex));
            } catch (Throwable t) {
                released(key);
                LOG.warn("the check of {} failed unexpectedly: {}", key, t.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (prober != null) prober.shutdownNow();
    }

    public void listener(Listener l) {
        this.listener = l;
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : String.format(Locale.ROOT, "%d min", s / 60);
    }

    /** The pause key of a folder's outbox. */
    public static String outbox(String folder) {
        return "outbox/" + folder;
    }
}
