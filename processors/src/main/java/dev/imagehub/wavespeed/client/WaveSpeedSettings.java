package dev.imagehub.wavespeed.client;

import java.net.URI;
import java.time.Duration;

import dev.imagehub.HubSettings;
import dev.imagehub.config.ConfigException;

/**
 * The WaveSpeed client's {@code hub.wavespeed.*} settings, validated at start-up, plus the endpoint from
 * {@code WAVESPEED_BASE_URL}. The API key is not here: it is read from the environment only, by {@link ApiKey}.
 *
 * @param baseUrl            the API root without a trailing slash
 * @param concurrency        tasks running at once per account (Bronze tier: 2); more queue
 * @param submitsPerMinute   submits per minute, 0 = unlimited (Bronze tier: 2)
 * @param pollMaxMillis      longest pause between two result polls
 * @param pollRetries        retries of one result GET or output download on network errors, 429, 5xx, malformed JSON
 * @param retryBackoffMillis the retry pause unit: attempt n waits n times this
 * @param taskTimeout        how long one task may run before the hub stops waiting (it keeps the prediction id)
 * @param breakerFailures    consecutive API failures that open the circuit breaker
 * @param breakerOpen        how long the open breaker refuses calls
 * @param connectTimeout     TCP connect timeout
 * @param responseTimeout    longest wait for a response (uploads and downloads included)
 * @param quoteAlways        ask the pricing endpoint before every submit, not only when the registry cannot price
 * @param balanceEvery       how old the account balance shown by /health and /metrics may be before it is asked again
 */
public record WaveSpeedSettings(String baseUrl, int concurrency, int submitsPerMinute, int pollMaxMillis, int pollRetries,
                                int retryBackoffMillis, Duration taskTimeout, int breakerFailures, Duration breakerOpen,
                                Duration connectTimeout, Duration responseTimeout, boolean quoteAlways, Duration balanceEvery) {

    public static final String DEFAULT_BASE_URL = "https://api.wavespeed.ai";
    public static final String BASE_URL_ENV = "WAVESPEED_BASE_URL";

    /** Reads and checks every setting; a bad value stops the start with the key (or environment variable) named. */
    public static WaveSpeedSettings of(HubSettings s) {
        String quote = s.setting("hub.wavespeed.quote", "auto");
        if (!quote.equals("auto") && !quote.equals("always")) {
            throw s.invalid("hub.wavespeed.quote", "must be 'auto' (ask the pricing endpoint only when the registry cannot price a run) "
                    + "or 'always', was '" + quote + "'");
        }
        return new WaveSpeedSettings(
                baseUrl(s.environment(BASE_URL_ENV)),
                s.intSetting("hub.wavespeed.concurrency", 2, 1, 10_000),
                s.intSetting("hub.wavespeed.submitsPerMinute", 0, 0, 1_000_000),
                s.intSetting("hub.wavespeed.pollMaxMillis", 5000, 100, 600_000),
                s.intSetting("hub.wavespeed.pollRetries", 5, 0, 100),
                s.intSetting("hub.wavespeed.retryBackoffMillis", 1000, 1, 60_000),
                Duration.ofSeconds(s.intSetting("hub.wavespeed.taskTimeoutSeconds", 600, 1, 86_400)),
                s.intSetting("hub.wavespeed.breakerFailures", 5, 1, 1000),
                Duration.ofSeconds(s.intSetting("hub.wavespeed.breakerOpenSeconds", 30, 1, 86_400)),
                Duration.ofSeconds(s.intSetting("hub.wavespeed.connectTimeoutSeconds", 10, 1, 600)),
                Duration.ofSeconds(s.intSetting("hub.wavespeed.responseTimeoutSeconds", 120, 1, 3600)),
                quote.equals("always"),
                Duration.ofSeconds(s.intSetting("hub.wavespeed.balanceSeconds", 300, 1, 86_400)));
    }

    /** {@code WAVESPEED_BASE_URL} if set (an http or https URL), else the real API. */
    static String baseUrl(String env) {
        if (env == null || env.isBlank()) return DEFAULT_BASE_URL;
        String url = env.trim();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))
                || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException("environment", 0, BASE_URL_ENV, "must be an http:// or https:// URL such as "
                    + "http://127.0.0.1:8089 (no user info, no query), was '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
