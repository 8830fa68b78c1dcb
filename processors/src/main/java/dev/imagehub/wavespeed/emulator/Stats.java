package dev.imagehub.wavespeed.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the emulator received, so a test can prove, for example, that nothing was submitted twice. */
public final class Stats {
    private final Map<String, AtomicLong> submitsByModel = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> pollsByTask = new ConcurrentHashMap<>();
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong faultsApplied = new AtomicLong();
    /** Accepted tasks not yet finished as of the last submit, for the in-flight high-water mark. */
    private final java.util.List<Prediction> unfinished = new java.util.ArrayList<>();
    private long maxInFlight;
    // what the account was charged, in micro-dollars (exact sums, no floating drift)
    private final AtomicLong chargedMicros = new AtomicLong();

    void submit(String model) {
        submitsByModel.computeIfAbsent(model, k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * An accepted task: the number of tasks unfinished at once can only grow at a submit, so measuring it here gives
     * the exact high-water mark (a task counts as unfinished until its latency has passed, or forever if it never ends).
     */
    synchronized void accepted(Prediction p) {
        unfinished.removeIf(x -> x.phase().equals("ready"));
        unfinished.add(p);
        maxInFlight = Math.max(maxInFlight, unfinished.size());
    }

    /** The most tasks that were submitted and not yet finished at the same moment since the last reset. */
    public synchronized long maxInFlight() {
        return maxInFlight;
    }

    void poll(String taskId) {
        polls.incrementAndGet();
        pollsByTask.computeIfAbsent(taskId, k -> new AtomicLong()).incrementAndGet();
    }

    /** How many different tasks were polled at least once (a client polls only ids it has stored). */
    public long polledTasks() {
        return pollsByTask.size();
    }

    void upload() {
        uploads.incrementAndGet();
    }

    void download() {
        downloads.incrementAndGet();
    }

    void fault() {
        faultsApplied.incrementAndGet();
    }

    public long submits(String model) {
        AtomicLong n = submitsByModel.get(model);
        return n == null ? 0 : n.get();
    }

    public long submits() {
        return submitsByModel.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void charged(double usd) {
        chargedMicros.addAndGet(Math.round(usd * 1_000_000d));
    }

    /** What the account was charged for accepted tasks since the last reset, in USD. */
    public java.math.BigDecimal chargedUsd() {
        return java.math.BigDecimal.valueOf(chargedMicros.get(), 6);
    }

    public long polls() { return polls.get(); }
    public long uploads() { return uploads.get(); }
    public long downloads() { return downloads.get(); }
    public long faultsApplied() { return faultsApplied.get(); }

    /** The JSON shape served at {@code GET /__emulator/stats}. */
    Map<String, Object> snapshot() {
        Map<String, Object> m = new TreeMap<>();
        Map<String, Long> byModel = new TreeMap<>();
        submitsByModel.forEach((k, v) -> byModel.put(k, v.get()));
        Map<String, Long> byTask = new TreeMap<>();
        pollsByTask.forEach((k, v) -> byTask.put(k, v.get()));
        m.put("submits", byModel);
        m.put("submits_total", submits());
        m.put("polls", polls.get());
        m.put("polls_by_task", byTask);
        m.put("uploads", uploads.get());
        m.put("downloads", downloads.get());
        m.put("faults_applied", faultsApplied.get());
        m.put("max_in_flight", maxInFlight());
        m.put("charged_usd", chargedUsd());
        return m;
    }

    void reset() {
        submitsByModel.clear();
        pollsByTask.clear();
        uploads.set(0);
        polls.set(0);
        downloads.set(0);
        faultsApplied.set(0);
        chargedMicros.set(0);
        synchronized (this) {
            unfinished.clear();
            maxInFlight = 0;
        }
    }
}
