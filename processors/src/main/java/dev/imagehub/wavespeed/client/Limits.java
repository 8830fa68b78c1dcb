package dev.imagehub.wavespeed.client;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * The account's limits, enforced before WaveSpeed has to: a bulkhead of {@code hub.wavespeed.concurrency} tasks held
 * from submit to their terminal state (more tasks wait their turn in the hub instead of provoking 429s), and a rate
 * limiter of {@code hub.wavespeed.submitsPerMinute} submits (0 = none). Among several hubs a task also holds one of the
 * account's slots in the shared ledger ({@link SharedSlots}), so the hubs together stay within the concurrency.
 */
final class Limits {
    // waiting is the point: a queued task waits for a slot as long as the queue is long
    private static final Duration WAIT = Duration.ofDays(1);
    private final Bulkhead tasks;
    private final RateLimiter submits;
    private final SharedSlots shared;

    Limits(WaveSpeedSettings settings) {
        this(settings, null);
    }

    /** {@code shared}: the account's slots shared with other hubs (several hubs, one ledger), or null. */
    Limits(WaveSpeedSettings settings, SharedSlots shared) {
        this.shared = shared;
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
        private final SharedSlots.Held held;

        Slot(SharedSlots.Held held) {
            this.held = held;
        }

        @Override
        public synchronized void close() {
            if (open) {
                open = false;
                if (held != null) shared.release(held);
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
        if (shared == null) return new Slot(null);
        try {
            return new Slot(shared.acquire());                  // and one of the account's, which all hubs share
        } catch (InterruptedException e) {
            tasks.onComplete();
            throw e;
        }
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
