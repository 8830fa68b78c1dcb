package dev.imagehub.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in sessions, in memory (a restarted hub asks everyone to log in again): a random 256-bit token for the cookie
 * and a second one that every change must send back (CSRF). A session ends on logout, after {@link #IDLE} without a
 * request, or {@link #MAX} after login.
 */
public final class Sessions {
    public static final Duration IDLE = Duration.ofHours(2);
    public static final Duration MAX = Duration.ofHours(12);

    /** One login. {@code csrf} goes into every form and must come back with every change. */
    public record Session(String token, String user, Role role, String csrf, Instant created, Instant lastSeen) {
        Session seen(Instant now) {
            return new Session(token, user, role, csrf, created, now);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    public Session open(String user, Role role) {
        Instant now = clock.instant();
        Session s = new Session(random(), user, role, random(), now, now);
        byToken.put(s.token(), s);
        return s;
    }

    /** The live session of {@code token}, its last use moved to now; empty when unknown or expired. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty()) return Optional.empty();
        Session s = byToken.get(token);
        if (s == null) return Optional.empty();
        Instant now = clock.instant();
        if (now.isAfter(s.lastSeen().plus(IDLE)) || now.isAfter(s.created().plus(MAX))) {
            byToken.remove(token);
            return Optional.empty();
        }
        Session seen = s.seen(now);
        byToken.put(token, seen);
        return Optional.of(seen);
    }

    public void close(String token) {
        if (token != null) byToken.remove(token);
    }

    /** Ends every session of {@code user} (removed, or their role changed). */
    public void closeAll(String user) {
        byToken.values().removeIf(s -> s.user().equals(user));
    }

    /** True when {@code sent} is the session's CSRF token (compared in constant time). */
    public static boolean csrfMatches(Session s, String sent) {
        return sent != null && MessageDigest.isEqual(s.csrf().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                sent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
