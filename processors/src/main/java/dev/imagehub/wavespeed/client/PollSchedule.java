package dev.imagehub.wavespeed.client;

import java.util.concurrent.ConcurrentHashMap;

/**
 * When to poll a prediction next. By default about a tenth of the time waited so far (at least {@code minMillis},
 * at most {@code maxMillis}), so short tasks are seen soon after they finish and long ones cost few polls. It also
 * learns how long each model's tasks take: around that expected end it polls every {@code nearMillis}, because the
 * time between WaveSpeed finishing a task and the hub noticing is time a paid task slot stands idle.
 */
final class PollSchedule {
    /** Weight of the newest observation in the per-model average. */
    private static final double LEARNING_RATE = 0.2;

    private final long minMillis;
    private final long maxMillis;
    private final long nearMillis;
    private final ConcurrentHashMap<String, Double> expectedMillis = new ConcurrentHashMap<>();

    PollSchedule(long minMillis, long maxMillis, long nearMillis) {
        this.minMillis = minMillis;
        this.maxMillis = Math.max(minMillis, maxMillis);
        this.nearMillis = Math.min(nearMillis, minMillis);
    }

    /** The pause before the next poll of a {@code model} task that has been followed for {@code elapsedMillis}. */
    long pause(String model, long elapsedMillis) {
        long pause = Math.max(minMillis, Math.min(maxMillis, elapsedMillis / 10));
        Double expected = expectedMillis.get(model);
        if (expected == null) return pause;
        long untilExpected = Math.round(expected * 0.95) - elapsedMillis;
        if (untilExpected > 0) return Math.min(pause, Math.max(nearMillis, untilExpected));   // wake just before the expected end
        if (elapsedMillis < expected * 1.5) return Math.min(pause, nearMillis);               // around it: look often
        return pause;                                                                         // unusually long: back off again
    }

    /**
     * A {@code model} task was seen finished after {@code observedMillis}, the previous poll (still running) having
     * been at {@code previousPollMillis}: it ended in between, so the midpoint is the best guess.
     */
    void finished(String model, long previousPollMillis, long observedMillis) {
        double sample = (Math.max(0, previousPollMillis) + observedMillis) / 2.0;
        expectedMillis.merge(model, sample, (old, now) -> old + LEARNING_RATE * (now - old));
    }

    /** The learned duration of {@code model}'s tasks, or -1 before the first one finished. */
    long expectedMillis(String model) {
        Double e = expectedMillis.get(model);
        return e == null ? -1 : Math.round(e);
    }
}
