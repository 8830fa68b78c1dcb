package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.util.List;

/**
 * A finished prediction.
 *
 * @param predictionId WaveSpeed's task id
 * @param outputs      the outputs, downloaded, in the order WaveSpeed listed them
 * @param estimatedUsd the price known before submitting
 * @param costUsd      what the task cost (the quote the server confirmed, or the registry price)
 * @param millis       wall time from submit (or resume) to the last download
 * @param resumed      true when an earlier run had already submitted it (a restart): nothing was submitted now
 * @param bytesSent    bytes uploaded for its inputs (0 when all came from the upload cache)
 * @param bytesReceived bytes downloaded
 */
public record AiResult(String predictionId, List<AiOutput> outputs, BigDecimal estimatedUsd, BigDecimal costUsd,
                       long millis, boolean resumed, long bytesSent, long bytesReceived) {

    public AiResult {
        outputs = List.copyOf(outputs);
    }
}
