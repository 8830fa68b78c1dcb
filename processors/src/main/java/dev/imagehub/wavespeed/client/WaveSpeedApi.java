package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.wavespeed.AiInput;

/**
 * The WaveSpeed REST calls the gateway needs, each checked for both HTTP status and envelope {@code code}. Only the
 * idempotent GETs (result polls, output downloads) and the upload PUT are retried here; the submit is sent exactly
 * once. Every call goes through the circuit breaker.
 */
final class WaveSpeedApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WaveSpeedSettings settings;
    private final HttpTransport http;
    private final ApiBreaker breaker;
    private final ApiKey key;

    WaveSpeedApi(WaveSpeedSettings settings, ApiKey key, org.apache.camel.CamelContext camel) {
        this.settings = settings;
        this.key = key;
        this.http = new HttpTransport(settings, key, camel);
        this.breaker = new ApiBreaker(settings.breakerFailures(), settings.breakerOpen());
    }

    String api(String path) {
        return settings.baseUrl() + "/api/v3/" + path;
    }

    /** POST {@code /api/v3/{model-id}}: one attempt, never retried. Returns the envelope's {@code data}. */
    JsonNode submit(String modelId, Map<String, Object> inputs) throws ApiError {
        return postJson(modelId, inputs, "the submit to " + modelId);
    }

    /** The account balance in USD ({@code GET /api/v3/balance}), retried like a result poll. */
    BigDecimal balance() throws ApiError, InterruptedException {
        JsonNode data = retrying(() -> breaker.call(() -> envelope(send("GET", api("balance"), Map.of(), null, null, true), "the balance query")));
        JsonNode v = data.get("balance");
        if (v == null || !(v.isNumber() || v.isTextual())) {
            throw new ApiError(ApiError.Kind.RETRYABLE, 200, "the balance answer has no number 'balance'", null);
        }
        try {
            return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new ApiError(ApiError.Kind.RETRYABLE, 200, "the balance '" + v.asText() + "' is not a number", null);
        }
    }

    /** One GET of a prediction's result, retried on network errors, 429, 5xx and malformed JSON. */
    JsonNode result(String url) throws ApiError, InterruptedException {
        return retrying(() -> breaker.call(() -> envelope(send("GET", url, Map.of(), null, null, true), "the result poll")));
    }

    /** Downloads an output file, retried like a result poll; the key is only sent if it lives on the API's own host. */
    HttpTransport.Response download(String url) throws ApiError, InterruptedException {
        return retrying(() -> breaker.call(() -> {
            HttpTransport.Response r = send("GET", url, Map.of(), null, null, true);
            if (r.status() / 100 == 2) return r;
            throw statusError(r, "the download of " + shortUrl(url));
        }));
    }

    /**
     * The price WaveSpeed quotes for these inputs (no charge): {@code /model/pricing} ({@code unit_price}), falling back
     * to {@code /model/price} ({@code discounted_price} or {@code price}). Empty when neither answers with a price.
     */
    Optional<BigDecimal> quote(String modelId, Map<String, Object> inputs) throws ApiError {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", modelId);
        body.put("inputs", inputs);
        JsonNode data;
        try {
            data = postJson("model/pricing", body, "the price quote");
        } catch (ApiError e) {
            if (!endpointAbsent(e)) throw e;
            data = postJson("model/price", body, "the price quote");
        }
        for (String field : new String[] {"unit_price", "discounted_price", "price"}) {
            JsonNode v = data.get(field);
            if (v != null && v.isNumber()) return Optional.of(v.decimalValue());
            if (v != null && v.isTextual()) {
                try {
                    return Optional.of(new BigDecimal(v.asText().trim()));
                } catch (NumberFormatException e) {
                    // try the next field
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Uploads a local file and returns the URL to use as the model input: the two-step flow ({@code /media/uploads},
     * then the returned method and headers to the returned URL), or the multipart {@code /media/upload/binary} when the
     * two-step endpoint is absent (404, 405, 501).
     */
    String upload(AiInput in) throws ApiError, InterruptedException {
        Map<String, Object> announce = new LinkedHashMap<>();
        announce.put("filename", in.fileName());
        announce.put("size", in.bytes().length);
        announce.put("content_type", in.contentType());
        JsonNode data;
        try {
            data = postJson("media/uploads", announce, "the upload of " + in.fileName());
        } catch (ApiError e) {
            if (!endpointAbsent(e)) throw e;
            return multipart(in);
        }
        JsonNode upload = data.path("upload");
        String url = upload.path("url").asText("");
        String download = data.path("download_url").asText(data.path("url").asText(""));
        if (url.isEmpty() || download.isEmpty()) {
            throw new ApiError(ApiError.Kind.RETRYABLE, 200, "the upload announcement for " + in.fileName()
                    + " has no upload.url or download_url", null);
        }
        String method = upload.path("method").asText("PUT");
        Map<String, String> headers = new LinkedHashMap<>();
        upload.path("headers").fields().forEachRemaining(f -> headers.put(f.getKey(), f.getValue().asText()));
        retrying(() -> breaker.call(() -> {
            // exactly the returned headers: a pre-signed URL's signature may cover them, so nothing else is added
            HttpTransport.Response r = send(method, url, headers, in.bytes(), null, false);
            if (r.status() / 100 == 2) return r;
            throw statusError(r, "the upload of " + in.fileName());
        }));
        return download;
    }

    private String multipart(AiInput in) throws ApiError {
        var entity = MultipartEntityBuilder.create()
                .addBinaryBody("file", in.bytes(), ContentType.create(in.contentType()), in.fileName())
                .build();
        JsonNode data = breaker.call(() -> envelope(send("POST", api("media/upload/binary"), Map.of(), entity, null, true),
                "the upload of " + in.fileName()));
        String url = data.path("download_url").asText(data.path("url").asText(""));
        if (url.isEmpty()) {
            throw new ApiError(ApiError.Kind.RETRYABLE, 200, "the upload of " + in.fileName() + " returned no download_url", null);
        }
        return url;
    }

    private JsonNode postJson(String path, Object body, String what) throws ApiError {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("inputs cannot be written as JSON: " + e.getMessage(), e);
        }
        return breaker.call(() -> envelope(send("POST", api(path), Map.of(), bytes, "application/json", true), what));
    }

    private HttpTransport.Response send(String method, String url, Map<String, String> headers, Object body,
                                        String contentType, boolean authenticate) throws ApiError {
        try {
            return http.send(method, url, headers, body, contentType, authenticate);
        } catch (IOException e) {
            ApiError.Kind kind = neverConnected(e) ? ApiError.Kind.UNREACHABLE : ApiError.Kind.NETWORK;
            throw new ApiError(kind, 0, "no answer from " + shortUrl(url) + " (" + e.getMessage() + ")", e);
        }
    }

    // A connection that was never made carried no request: a submit that failed this way created no task
    private static boolean neverConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The envelope's {@code data}, or an ApiError saying what was wrong with the answer. */
    private JsonNode envelope(HttpTransport.Response r, String what) throws ApiError {
        if (r.status() / 100 != 2) throw statusError(r, what);
        JsonNode root;
        try {
            root = JSON.readTree(r.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new ApiError(ApiError.Kind.RETRYABLE, r.status(), what + " got HTTP " + r.status()
                    + " with a body that is not JSON: " + excerpt(r), null);
        }
        int code = root.path("code").asInt(200);
        if (code != 200) {
            ApiError.Kind kind = code == 429 || code >= 500 ? ApiError.Kind.RETRYABLE : ApiError.Kind.REJECTED;
            throw new ApiError(kind, code, what + " was refused (code " + code + "): " + message(root, r), null);
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            throw new ApiError(ApiError.Kind.RETRYABLE, r.status(), what + " got an answer without 'data': " + excerpt(r), null);
        }
        return data;
    }

    private ApiError statusError(HttpTransport.Response r, String what) {
        int s = r.status();
        ApiError.Kind kind = s == 429 || s >= 500 || s == 0 ? ApiError.Kind.RETRYABLE : ApiError.Kind.REJECTED;
        JsonNode root = null;
        try {
            root = JSON.readTree(r.body());
        } catch (IOException e) {
            // not JSON: quote the body instead
        }
        String text = root != null && root.isObject() ? message(root, r) : excerpt(r);
        return new ApiError(kind, s, what + " got HTTP " + s + ": " + text, null);
    }

    private String message(JsonNode root, HttpTransport.Response r) {
        String m = root.path("message").asText("");
        if (m.isEmpty()) m = root.path("error").asText("");
        if (m.isEmpty()) m = root.path("data").path("error").asText("");
        return m.isEmpty() ? excerpt(r) : key.redact(m);
    }

    /** A short, single-line, key-free quote of a body: an HTML page's title, else its first 160 characters. */
    String excerpt(HttpTransport.Response r) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        java.util.regex.Matcher title = java.util.regex.Pattern.compile("(?is)<title>(.*?)</title>").matcher(body);
        String text = title.find() ? "HTML page '" + title.group(1).trim() + "'" : body.replaceAll("\\s+", " ").trim();
        if (text.isEmpty()) return "(empty body)";
        if (text.length() > 160) text = text.substring(0, 160) + "...";
        return key.redact(text);
    }

    private static boolean endpointAbsent(ApiError e) {
        return e.kind() == ApiError.Kind.REJECTED && (e.status() == 404 || e.status() == 405 || e.status() == 501);
    }

    /** The URL without its query (pre-signed URLs carry signatures there). */
    static String shortUrl(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** One request that may be repeated. */
    private interface Attempt<T> {
        T run() throws ApiError;
    }

    private <T> T retrying(Attempt<T> attempt) throws ApiError, InterruptedException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (ApiError e) {
                if (!e.retryable()) throw e;
                if (n > settings.pollRetries()) {
                    throw n == 1 ? e : new ApiError(e.kind(), e.status(), e.getMessage() + " (gave up after " + n
                            + " attempts, hub.wavespeed.pollRetries = " + settings.pollRetries() + ")", e.getCause());
                }
                Thread.sleep((long) settings.retryBackoffMillis() * n);
            }
        }
    }

    boolean breakerOpen() {
        return breaker.isOpen();
    }

    @Override
    public void close() {
        http.close();
    }
}
