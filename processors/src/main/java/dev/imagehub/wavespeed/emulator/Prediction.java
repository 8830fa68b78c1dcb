package dev.imagehub.wavespeed.emulator;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

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
    private CompletableFuture<Result> result;

    /** The finished outcome: a terminal status with outputs (URL strings, text or objects), or a task code and message. */
    record Result(String status, List<Object> outputs, int code, String error) {
        static Result completed(List<Object> outputs) {
            return new Result("completed", outputs, 0, "");
        }

        static Result failed(int code, String error) {
            return new Result("failed", List.of(), code, error);
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

    /** Starts making the outputs while the latency runs, as the real service works while the client polls. */
    synchronized void render(Supplier<Result> make, Executor pool) {
        if (result == null) result = CompletableFuture.supplyAsync(make, pool);
    }

    /** The outputs, waiting for the rendering if it has not finished yet. */
    Result result() {
        CompletableFuture<Result> r;
        synchronized (this) {
            r = result;
        }
        return r.join();
    }
}
