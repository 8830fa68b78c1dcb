package dev.imagehub.wavespeed.client;

/**
 * A WaveSpeed request that did not get a usable answer: no answer at all, an answer worth retrying (429, 5xx, a body
 * that is not the expected JSON), or a definite refusal (other 4xx, or an envelope whose code is not 200). The message
 * is short, never contains the API key, and quotes the server's own message when it sent one.
 */
final class ApiError extends Exception {
    enum Kind {
        /** No HTTP answer after the request may have reached the server: connection reset, read timeout. */
        NETWORK,
        /** No connection could be made (refused, unknown host, connect timeout): the request never left the hub. */
        UNREACHABLE,
        /** 429, 5xx, or a body that is not the JSON envelope: a later identical request may succeed. */
        RETRYABLE,
        /** The server said no (4xx other than 429, or an error envelope with HTTP 200). */
        REJECTED,
        /** The circuit breaker is open: nothing was sent. */
        BREAKER_OPEN
    }

    private final Kind kind;
    private final int status;

    ApiError(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was no answer. */
    int status() {
        return status;
    }

    /** True when the API itself misbehaved (counts towards opening the circuit breaker). */
    boolean isApiFailure() {
        return kind == Kind.NETWORK || kind == Kind.UNREACHABLE || (kind == Kind.RETRYABLE && status != 429);
    }

    boolean retryable() {
        return kind == Kind.NETWORK || kind == Kind.UNREACHABLE || kind == Kind.RETRYABLE;
    }
}
