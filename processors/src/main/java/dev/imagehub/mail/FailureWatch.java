package dev.imagehub.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts consecutive failures per route and decides when to alert: once the last {@code threshold} failures all
 * happened within {@code window}, one alert for the burst; the next success resets the count and, if an alert went
 * out, asks for a recovery note. Failures spread thinly over a long time never alert.
 */
public final class FailureWatch {
    /** What the caller should send after a file's outcome. */
    public sealed interface Decision permits None, Alert, Recovered {
    }

    /** Nothing to send. */
    public record None() implements Decision {
    }

    /** The route is failing: the first alert of this burst. */
    public record Alert(int consecutiveFailures, Instant since) implements Decision {
    }

    /** The route works again after an alert. */
    public record Recovered(int failures) implements Decision {
    }

    private static final None NONE = new None();

    private static final class State {
        final Deque<Instant> recent = new ArrayDeque<>();
        int count;
        Instant first;
        boolean alerted;
    }

    private final int threshold;
    private final Duration window;
    private final Clock clock;
    private final Map<String, State> routes = new HashMap<>();

    public FailureWatch(int threshold, Duration window, Clock clock) {
        this.threshold = threshold;
        this.window = window;
        this.clock = clock;
    }

    /** A file of {@code route} failed. */
    public synchronized Decision failed(String route) {
        State s = routes.computeIfAbsent(route, r -> new State());
        Instant now = clock.instant();
        if (s.count == 0) s.first = now;
        s.count++;
        s.recent.addLast(now);
        while (s.recent.size() > threshold) s.recent.removeFirst();
        if (s.alerted || s.recent.size() < threshold) return NONE;
        if (Duration.between(s.recent.peekFirst(), now).compareTo(window) > 0) return NONE;
        s.alerted = true;
        return new Alert(s.count, s.first);
    }

    /** A file of {@code route} succeeded: the burst is over. */
    public synchronized Decision succeeded(String route) {
        State s = routes.remove(route);
        if (s == null || !s.alerted) return NONE;
        return new Recovered(s.count);
    }
}
