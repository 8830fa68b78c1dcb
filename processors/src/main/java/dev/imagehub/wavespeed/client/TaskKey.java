package dev.imagehub.wavespeed.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.wavespeed.AiCall;
import dev.imagehub.wavespeed.AiInput;

/**
 * The identity of a paid task: SHA-256 over route, file content, step index, ledger step, model id and the inputs in
 * canonical JSON (keys sorted, each local file replaced by {@code sha256:<hex>} of its bytes). A job re-run after a
 * crash computes the same key and so finds the prediction it already paid for.
 */
final class TaskKey {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskKey() {
    }

    static String of(AiCall call) {
        String canonical;
        try {
            canonical = JSON.writeValueAsString(canonical(call.inputs()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the inputs of " + call.ledgerStep() + " cannot be written as JSON: " + e.getMessage(), e);
        }
        String text = String.join("\n", call.route(), call.fileSha256(), String.valueOf(call.stepIndex()), call.ledgerStep(),
                call.model().id(), canonical);
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Inputs as plain values with sorted keys and files replaced by their hash. */
    static Object canonical(Object value) {
        if (value instanceof AiInput in) return "sha256:" + sha256(in.bytes());
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(canonical(o));
            return out;
        }
        return value;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
