package dev.imagehub.ledger;

import java.math.BigDecimal;

/**
 * One operation on one file, as it becomes one row of {@code usage_log}. Job-level columns (time, source, route, file
 * name and hash) are added when the job's rows are written together.
 */
public record UsageRecord(
        String step,
        int stepIndex,
        String provider,
        String model,
        String predictionId,
        String status,
        BigDecimal costUsd,
        BigDecimal estimatedCostUsd,
        long durationMs,
        long bytesIn,
        long bytesOut,
        String error,
        String details) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";

    /** A row for a local step (no provider fees). */
    public static UsageRecord local(String step, int index, String status, long durationMs, long bytesIn, long bytesOut,
                                    String error, String details) {
        return new UsageRecord(step, index, "local", null, null, status, BigDecimal.ZERO, BigDecimal.ZERO, durationMs,
                bytesIn, bytesOut, error, details);
    }
}
