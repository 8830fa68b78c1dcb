package dev.imagehub.steps.ai;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.AiOutput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Writes alt text for the image: a JSON sidecar beside the result ({@code photo.jpg.json}) and a row in the folder's
 * {@code captions.csv} (file, alt_text, model, cost_usd, job_id), which accumulates across files. The image itself
 * goes on down the chain unchanged.
 */
public final class CaptionStep extends AiStep<CaptionStep.Options> {
    // it reads the picture and writes beside it; the picture itself goes out as it came
    @Override
    public boolean keepsPicture() {
        return true;
    }

    public static final String CSV = "captions.csv";
    public static final String CSV_HEADER = "file,alt_text,model,cost_usd,job_id";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How much the caption says. */
    public enum Detail { LOW, MEDIUM, HIGH }

    /** Options of caption. */
    public record Options(
            @Option(value = "how detailed the text is: low, medium or high", defaultValue = "medium") Detail detail,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs) implements AiOptions {
    }

    public CaptionStep() {
        super("caption", "WaveSpeed: alt text as <result>.json and a row in the folder's captions.csv", ModelTask.CAPTION, Options.class);
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        return Set.of(ModelInputs.mainImage(m));
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        ModelInputs.putIf(in, m, "detail_level", o.detail().name().toLowerCase(java.util.Locale.ROOT));
        return in;
    }

    @Override
    protected void deliver(StepContext ctx, Options o, ModelSpec m, AiResult result) throws Exception {
        AiOutput out = AiImages.first(result.outputs(), m);
        String text = (out.isText() ? out.text() : new String(out.bytes(), StandardCharsets.UTF_8)).trim();
        if (text.isEmpty()) throw new IllegalStateException("model " + m.id() + " returned an empty caption");
        String cost = result.costUsd() == null ? "0" : result.costUsd().stripTrailingZeros().toPlainString();
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("file", ctx.fileName());
        sidecar.put("alt_text", text);
        sidecar.put("model", m.id());
        sidecar.put("prediction_id", result.predictionId());
        sidecar.put("cost_usd", result.costUsd());
        sidecar.put("job_id", ctx.scope().jobId());
        String extension = ctx.encode().resolve(ctx.source().format()).extension();
        ctx.addFile(ctx.mainSuffix(), extension + ".json", JSON.writeValueAsBytes(sidecar));
        // one line per file: line breaks inside the caption would make the CSV hard to read for simple tools
        ctx.append(CSV, CSV_HEADER, csvRow(ctx.fileName(), text.replaceAll("\\s+", " "), m.id(), cost, ctx.scope().jobId()));
        ctx.note(text.length() + " characters of alt text");
    }

    /** One CSV line (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled. */
    static String csvRow(String... fields) {
        return dev.imagehub.config.Csv.row(fields);
    }
}
