package dev.imagehub.steps.ai;

import java.util.Locale;
import java.util.Map;

import dev.imagehub.chain.JobScope;
import dev.imagehub.chain.StepContext;
import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.wavespeed.AiCall;
import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.ModelSpec;

/**
 * How an AI step calls WaveSpeed: builds the {@link AiCall} from the step's context, runs it through the job's
 * gateway, and records one ledger row per prediction (model, prediction id, estimate, cost, the choice's reason),
 * also when it fails, so money spent is never missing from the ledger.
 */
public final class AiRunner {
    public static final String PROVIDER = "wavespeed";

    private AiRunner() {
    }

    /**
     * Runs one prediction for the current step. {@code variant} tells several calls of one step apart (a language, a
     * compared model) and must be unique within the step; empty for a single call.
     */
    public static AiResult run(StepContext ctx, String step, String variant, ModelSpec model, Map<String, Object> inputs,
                               String choice) throws AiFailure, InterruptedException {
        JobScope scope = ctx.scope();
        if (scope == null) {
            throw AiFailure.notSent("the step '" + step + "' calls WaveSpeed and can only run inside a hub job "
                    + "(a hot folder, mailbox or batch), not on animation frames or in a preview");
        }
        AiCall call = new AiCall(scope.route(), scope.jobId(), scope.fileSha256(), ctx.stepIndex(), step, variant, model,
                inputs, choice);
        try {
            AiResult result = scope.ai().run(call);
            ctx.charge(new UsageRecord(call.ledgerStep(), call.stepIndex(), PROVIDER, model.id(), result.predictionId(),
                    UsageRecord.OK, result.costUsd(), result.estimatedUsd(), result.millis(), result.bytesSent(),
                    result.bytesReceived(), null, details(call, result)));
            return result;
        } catch (AiFailure f) {
            ctx.charge(new UsageRecord(call.ledgerStep(), call.stepIndex(), PROVIDER, model.id(), f.predictionId(),
                    UsageRecord.FAILED, f.costUsd(), f.estimatedUsd(), 0, 0, 0, f.getMessage(), call.choice()));
            throw f;
        }
    }

    private static String details(AiCall call, AiResult result) {
        String outputs = result.outputs().size() + " output" + (result.outputs().size() == 1 ? "" : "s");
        return String.format(Locale.ROOT, "%s; %s%s", call.choice(), outputs,
                result.resumed() ? "; resumed after a restart (not submitted again)" : "");
    }
}
