package dev.imagehub.wavespeed.client;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account balance as last read, for /health and /metrics: a reader never waits for the network, an old value is
 * asked for again on one background thread, and a failed query keeps the last value (the breaker and the logs say
 * why the API cannot be reached).
 */
final class AccountBalance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountBalance.class);

    /** Reads the balance from the API. */
    interface Query {
        BigDecimal read() throws ApiError, InterruptedException;
    }

    private record Reading(BigDecimal usd, Instant at) {
    }

    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wavespeed-balance");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Reading last;

    /** The last reading; one older than {@code maxAge} (or none yet) starts a query in the background. */
    Optional<BigDecimal> current(Duration maxAge, Query query) {
        Reading r = last;
        if ((r == null || r.at().plus(maxAge).isBefore(Instant.now())) && refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(() -> refresh(query));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                refreshing.set(false);
            }
        }
        return r == null ? Optional.empty() : Optional.of(r.usd());
    }

    private void refresh(Query query) {
        try {
            last = new Reading(query.read(), Instant.now());
        } catch (ApiError e) {
            LOG.debug("WaveSpeed balance not read: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            refreshing.set(false);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
