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
 * The identity of a paid task: SHA-256 over route, job, step index, ledger step, model id and the inputs in canonical
 * JSON (keys sorted, each local file replaced by {@code sha256:<hex>} of its bytes). A job re-run after a crash keeps its
 * id, so it computes the same key and finds the prediction it already paid for; two files with identical bytes are two
 * jobs, so two tasks, each reserved against the budgets and booked with its price. The content key (the same without the
 * job) finds a paid task an earlier, failed run of the same file left behind.
 */
final class TaskKey {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskKey() {
    }

    static String of(AiCall call) {
        return key(call, call.jobId());
    }

    /** The task's key without the job: equal for every run of the same file through the same step and inputs. */
    static String content(AiCall call) {
        return key(call, call.fileSha256());
    }

    private static String key(AiCall call, String who) {
        String canonical;
        try {
            canonical = JSON.writeValueAsString(canonical(call.inputs()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the inputs of " + call.ledgerStep() + " cannot be written as JSON: " + e.getMessage(), e);
        }
        String text = String.join("\n", call.route(), who, String.valueOf(call.stepIndex()), call.ledgerStep(),
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
