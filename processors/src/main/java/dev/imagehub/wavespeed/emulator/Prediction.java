package dev.imagehub.wavespeed.emulator;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One submitted task: what was asked, when it becomes ready, any injected fault, and (once computed) its result. */
final class Prediction {
    final String id;
    final EmulatedModel model;
    final ObjectNode inputs;
    final Instant createdAt;
    final long submittedNanos;
    final long latencyMillis;
    final Faults.Rule fault;
    private Result result;

    /** The finished outcome: outputs (URL strings, text or objects) or a task error code and message. */
    record Result(List<Object> outputs, int code, String error) {
        boolean failed() {
            return code != 0;
        }
    }

    Prediction(String id, EmulatedModel model, ObjectNode inputs, long latencyMillis, Faults.Rule fault) {
        this.id = id;
        this.model = model;
        this.inputs = inputs;
        this.createdAt = Instant.now();
        this.submittedNanos = System.nanoTime();
        this.latencyMillis = latencyMillis;
        this.fault = fault;
    }

    long elapsedMillis() {
        return (System.nanoTime() - submittedNanos) / 1_000_000;
    }

    /** created for the first fifth of the latency, then processing, then ready (or processing forever if so injected). */
    String phase() {
        long elapsed = elapsedMillis();
        if (elapsed < latencyMillis / 5) return "created";
        if (elapsed < latencyMillis || (fault != null && fault.kind == Faults.Kind.NEVER_FINISH)) return "processing";
        return "ready";
    }

    synchronized Result result() {
        return result;
    }

    /** Computes the result once; concurrent polls wait for the first one instead of rendering twice. */
    synchronized Result finish(java.util.function.Supplier<Result> compute) {
        if (result == null) result = compute.get();
        return result;
    }
}
