package dev.imagehub.wavespeed.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/** Response helpers shared by the handlers: the {code, message, data} envelope, raw bytes, bounded body reads. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** Thrown when a request body exceeds the limit, so the handler can answer 413 without buffering the rest. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("file exceeds the upload limit of " + limit + " bytes");
        }
    }

    static byte[] readBody(HttpExchange ex, long limit) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > limit) throw new TooLarge(limit);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Parses a JSON object body; an empty or non-object body answers 400 and returns null. */
    static ObjectNode readJsonObject(HttpExchange ex) throws IOException {
        byte[] body = readBody(ex, 16 * 1024 * 1024);
        try {
            JsonNode node = body.length == 0 ? null : JSON.readTree(body);
            if (node instanceof ObjectNode o) return o;
        } catch (IOException e) {
            // answered below: the caller sent something that is not a JSON object
        }
        error(ex, 400, "request body must be a JSON object");
        return null;
    }

    static void ok(HttpExchange ex, Object data) throws IOException {
        ObjectNode env = JSON.createObjectNode();
        env.put("code", 200);
        env.put("message", "success");
        env.set("data", JSON.valueToTree(data));
        send(ex, 200, "application/json", JSON.writeValueAsBytes(env));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode env = JSON.createObjectNode();
        env.put("code", status);
        env.put("message", message);
        env.putNull("data");
        send(ex, status, "application/json", JSON.writeValueAsBytes(env));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static void sendText(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The base URL the caller used to reach us, so returned URLs are followable verbatim. */
    static String baseUrl(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) host = "127.0.0.1:" + ex.getLocalAddress().getPort();
        return "http://" + host;
    }
}
