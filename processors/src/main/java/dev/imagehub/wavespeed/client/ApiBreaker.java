package dev.imagehub.wavespeed.client;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Stops hammering a failing API: after {@code failures} API failures in a row (no answer, 5xx, a body that is not
 * JSON) every call fails at once, without a request, for {@code openFor}; then one trial request decides whether to
 * close again. Refusals the API makes on purpose (4xx, 429, failed tasks) are answers, not failures. Logs one WARN when
 * it opens and one INFO when it closes.
 */
final class ApiBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(ApiBreaker.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** One request guarded by the breaker. */
    interface Call<T> {
        T run() throws ApiError;
    }

    private final CircuitBreaker breaker;
    private final Duration openFor;
    private volatile String lastError = "";
    private volatile LocalTime openUntil = LocalTime.MIN;

    ApiBreaker(int failures, Duration openFor) {
        this.openFor = openFor;
        // a count window as long as the threshold with a 100 % failure rate = "that many failures in a row"
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100f)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        breaker = CircuitBreaker.of("wavespeed", config);
        breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> {
                    openUntil = LocalTime.now().plus(openFor);
                    LOG.warn("WaveSpeed is failing (last error: {}); the hub stopped sending requests until {}",
                            lastError, openUntil.format(CLOCK));
                }
                case CLOSED -> LOG.info("WaveSpeed answers again; the hub resumed sending requests");
                default -> { }
            }
        });
    }

    <T> T call(Call<T> call) throws ApiError {
        if (!breaker.tryAcquirePermission()) {
            String when = breaker.getState() == CircuitBreaker.State.HALF_OPEN
                    ? "; one trial request is checking whether it answers again"
                    : "; the hub stopped sending requests until " + openUntil.format(CLOCK);
            throw new ApiError(ApiError.Kind.BREAKER_OPEN, 0, "WaveSpeed is failing (last error: " + lastError + ")" + when, null);
        }
        long start = System.nanoTime();
        try {
            T result = call.run();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (ApiError e) {
            if (e.isApiFailure()) {
                lastError = e.getMessage();
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            throw e;
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
    }

    boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    Duration openFor() {
        return openFor;
    }
}
