package dev.imagehub.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@link #FREE} failed logins for one user name or from one address, each further
 * attempt must wait twice as long as the last (1 s, 2 s, 4 s ... up to {@link #LONGEST}); a success clears the name's
 * count. Counts older than {@link #FORGET} are dropped.
 */
public final class LoginThrottle {
    public static final int FREE = 5;
    public static final Duration LONGEST = Duration.ofMinutes(15);
    public static final Duration FORGET = Duration.ofHours(1);

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code user} from {@code address} must still wait before trying again; zero when they may try now. */
    public Duration wait(String user, String address) {
        Duration a = waitFor("user:" + user.toLowerCase(Locale.ROOT));
        Duration b = waitFor("addr:" + address);
        return a.compareTo(b) >= 0 ? a : b;
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {"user:" + user.toLowerCase(Locale.ROOT), "addr:" + address}) {
            failures.merge(key, new Failures(1, now), (old, one) -> new Failures(fresh(old, now) ? old.count() + 1 : 1, now));
        }
        if (failures.size() > 10_000) failures.values().removeIf(f -> !fresh(f, now));
    }

    public void succeeded(String user) {
        failures.remove("user:" + user.toLowerCase(Locale.ROOT));
    }

    private Duration waitFor(String key) {
        Failures f = failures.get(key);
        Instant now = clock.instant();
        if (f == null || !fresh(f, now) || f.count() < FREE) return Duration.ZERO;
        long seconds = Math.min(LONGEST.toSeconds(), 1L << Math.min(20, f.count() - FREE));
        Duration left = Duration.between(now, f.last().plusSeconds(seconds));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static boolean fresh(Failures f, Instant now) {
        return f.last().plus(FORGET).isAfter(now);
    }
}
