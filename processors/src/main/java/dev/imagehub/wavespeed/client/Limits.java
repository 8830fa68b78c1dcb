package dev.imagehub.wavespeed.client;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * The account's limits, enforced before WaveSpeed has to: a bulkhead of {@code hub.wavespeed.concurrency} tasks held
 * from submit to their terminal state (more tasks wait their turn in the hub instead of provoking 429s), and a rate
 * limiter of {@code hub.wavespeed.submitsPerMinute} submits (0 = none).
 */
final class Limits {
    // waiting is the point: a queued task waits for a slot as long as the queue is long
    private static final Duration WAIT = Duration.ofDays(1);
    private final Bulkhead tasks;
    private final RateLimiter submits;

    Limits(WaveSpeedSettings settings) {
        tasks = Bulkhead.of("wavespeed-tasks", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.concurrency())
                .maxWaitDuration(WAIT)
                .fairCallHandlingStrategyEnabled(true)
                .build());
        submits = settings.submitsPerMinute() <= 0 ? null : RateLimiter.of("wavespeed-submits", RateLimiterConfig.custom()
                .limitForPeriod(settings.submitsPerMinute())
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(WAIT)
                .build());
    }

    /** A held task slot; closing it gives it back, and closing it again does nothing. */
    final class Slot implements AutoCloseable {
        private boolean open = true;

        @Override
        public synchronized void close() {
            if (open) {
                open = false;
                tasks.onComplete();
            }
        }
    }

    /** Waits for a task slot. */
    Slot enterTask() throws InterruptedException {
        boolean ok;
        try {
            ok = tasks.tryAcquirePermission();
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok || Thread.currentThread().isInterrupted()) {
            if (ok) tasks.releasePermission();
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for a WaveSpeed task slot");
        }
        return new Slot();
    }

    /** Waits until another submit fits the per-minute rate. */
    void awaitSubmitPermit() throws InterruptedException {
        if (submits == null) return;
        boolean ok = submits.acquirePermission();
        if (!ok || Thread.currentThread().isInterrupted()) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for the WaveSpeed submit rate");
        }
    }
}
