package dev.imagehub.wavespeed.emulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Injected failures. A rule matches a model (or any) and fires for the next {@code count} matching requests
 * (or forever with {@code count: -1}). HTTP faults replace an API response; task faults shape the prediction
 * created by the next matching submit.
 */
final class Faults {
    /** What a rule does. */
    enum Kind {
        HTTP_429(true, null), HTTP_500(true, null), HTTP_502_HTML(true, null), MALFORMED_JSON(true, null),
        TASK_FAILED(false, "failed"), TASK_CANCELLED(false, "cancelled"), TASK_TIMEOUT(false, "timeout"),
        NEVER_FINISH(false, null), OUTPUT_404(false, null), SLOW_DOWNLOAD(false, null);

        final boolean http;
        /** The status the task ends with instead of completed, for the task-ending faults. */
        final String terminalStatus;

        Kind(boolean http, String terminalStatus) {
            this.http = http;
            this.terminalStatus = terminalStatus;
        }

        static Kind parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "429" -> HTTP_429;
                case "500" -> HTTP_500;
                case "502", "502_html" -> HTTP_502_HTML;
                case "malformed_json" -> MALFORMED_JSON;
                case "failed" -> TASK_FAILED;
                case "cancelled" -> TASK_CANCELLED;
                case "timeout" -> TASK_TIMEOUT;
                case "never_finish" -> NEVER_FINISH;
                case "output_404" -> OUTPUT_404;
                case "slow_download" -> SLOW_DOWNLOAD;
                default -> throw new IllegalArgumentException("unknown fault '" + s
                        + "'; use 429, 500, 502, malformed_json, failed, cancelled, timeout, never_finish, output_404 or slow_download");
            };
        }
    }

    /** Which API requests an HTTP fault applies to. */
    enum Endpoint { SUBMIT, RESULT, UPLOAD, PRICING, ANY }

    /** One rule; {@code remaining} counts down, -1 means it never runs out. */
    static final class Rule {
        final Kind kind;
        final String model;
        final Endpoint endpoint;
        final int taskCode;
        final String message;
        final long delayMillis;
        int remaining;

        Rule(Kind kind, String model, Endpoint endpoint, int count, int taskCode, String message, long delayMillis) {
            this.kind = kind;
            this.model = model;
            this.endpoint = endpoint;
            this.remaining = count;
            this.taskCode = taskCode;
            this.message = message;
            this.delayMillis = delayMillis;
        }

        static Rule fromJson(JsonNode n) {
            if (!n.hasNonNull("fault")) throw new IllegalArgumentException("a fault rule needs a 'fault' field");
            Kind kind = Kind.parse(n.get("fault").asText());
            String model = n.hasNonNull("model") ? n.get("model").asText() : null;
            Endpoint endpoint = n.hasNonNull("endpoint") ? endpoint(n.get("endpoint").asText()) : Endpoint.ANY;
            int count = n.path("count").asInt(1);
            if (count == 0 || count < -1) throw new IllegalArgumentException("'count' must be positive, or -1 for every request");
            int code = n.path("code").asInt(switch (kind) {
                case TASK_FAILED -> 5000;
                case TASK_TIMEOUT -> 5004;
                default -> 0;
            });
            String message = n.path("message").asText(kind == Kind.TASK_CANCELLED ? "Task cancelled" : code == 0 ? "" : defaultMessage(code));
            long delay = n.path("delay_ms").asLong(2000);
            return new Rule(kind, model, endpoint, count, code, message, delay);
        }

        private static Endpoint endpoint(String s) {
            try {
                return Endpoint.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown endpoint '" + s + "'; use submit, result, upload, pricing or any");
            }
        }

        private static String defaultMessage(int code) {
            return switch (code) {
                case 1200 -> "Content moderation: the input was flagged";
                case 1400 -> "Missing required parameter";
                case 1401 -> "Invalid parameter";
                case 1402 -> "Media URL not reachable";
                case 5003 -> "Service unavailable";
                case 5004 -> "Task timed out";
                default -> "Internal error";
            };
        }

        boolean matches(String requestModel, Endpoint requestEndpoint) {
            return (model == null || model.equals(requestModel))
                    && (endpoint == Endpoint.ANY || endpoint == requestEndpoint);
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    synchronized void add(Rule rule) {
        rules.add(rule);
    }

    synchronized void clear() {
        rules.clear();
    }

    synchronized int size() {
        return rules.size();
    }

    /** Takes one firing of the first HTTP rule matching this request, or null. */
    synchronized Rule takeHttp(Endpoint endpoint, String model) {
        return take(true, endpoint, model);
    }

    /** Takes one firing of the first task rule matching a submit of this model, or null. */
    synchronized Rule takeTask(String model) {
        return take(false, Endpoint.SUBMIT, model);
    }

    private Rule take(boolean http, Endpoint endpoint, String model) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (r.kind.http != http || !r.matches(model, http ? endpoint : r.endpoint)) continue;
            if (r.remaining > 0 && --r.remaining == 0) it.remove();
            return r;
        }
        return null;
    }
}
