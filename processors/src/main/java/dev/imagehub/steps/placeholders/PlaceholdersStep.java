package dev.imagehub.steps.placeholders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.image.ImageFormat;

/**
 * Placeholders for lazy-loading web pages: beside each result a JSON sidecar ({@code photo.jpg.json}) and a row of
 * the folder's {@code placeholders.csv} with the result's width, height, dominant colour, BlurHash and a ~32 px
 * preview as a data URI (LQIP). They describe the result as delivered, wherever the step stands in the chain.
 */
public final class PlaceholdersStep extends AbstractStep<PlaceholdersStep.Options> {
    /** The CSV every result of a folder adds its row to. */
    public static final String CSV = "placeholders.csv";
    static final String CSV_HEADER = "file,width,height,dominant_color,blurhash,lqip,job_id";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Options of placeholders. */
    public record Options(
            @Option("BlurHash components across x down, each 1-9 (default 4x3; more is finer and longer)") String components,
            @Option(value = "width of the LQIP preview in pixels (default 32)", min = 4, max = 128) Integer lqipWidth,
            @Option("LQIP format: webp (default, keeps transparency) or jpeg") String lqipFormat,
            @Option(value = "LQIP quality (default 50)", min = 1, max = 100) Integer lqipQuality) {
    }

    public PlaceholdersStep() {
        super("placeholders", "BlurHash, a tiny LQIP preview, size and dominant colour beside each result (JSON and placeholders.csv)",
                Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.components() != null) components(o.components(), at);
        if (o.lqipFormat() != null) lqipFormat(o.lqipFormat(), at);
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        int[] c = components(o.components() == null ? "4x3" : o.components(), null);
        ImageFormat format = lqipFormat(o.lqipFormat() == null ? "webp" : o.lqipFormat(), null);
        int width = o.lqipWidth() == null ? 32 : o.lqipWidth();
        int quality = o.lqipQuality() == null ? 50 : o.lqipQuality();
        ctx.note("made from the result once it is encoded");
        ctx.afterEncode(name(), (run, main) -> deliver(run, main, PlaceholderMaker.make(run.image(), c[0], c[1], width, format, quality)));
    }

    private static void deliver(StepContext ctx, ChainResult.Output main, Placeholder p) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("width", p.width());
        json.put("height", p.height());
        json.put("dominantColor", p.dominantColor());
        json.put("blurhash", p.blurHash());
        json.put("blurhashComponents", p.components());
        json.put("lqip", p.lqip());
        ctx.addBesideResult(main, "json", JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
        String job = ctx.scope() == null ? "" : ctx.scope().jobId();
        ctx.append(CSV, CSV_HEADER, dev.imagehub.config.Csv.row(ChainResult.RESULT_NAME, String.valueOf(p.width()),
                String.valueOf(p.height()), p.dominantColor(), p.blurHash(), p.lqip(), job));
        ctx.note(String.format(Locale.ROOT, "%dx%d, dominant %s, BlurHash %s, LQIP %d bytes", p.width(), p.height(),
                p.dominantColor(), p.blurHash(), p.lqipBytes()));
    }

    private static int[] components(String value, ConfigNode at) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([1-9])\\s*x\\s*([1-9])\\s*").matcher(value);
        if (!m.matches()) {
            String msg = "step 'placeholders': components '" + value + "' must be like 4x3 (each 1 to 9)";
            throw at != null ? new ConfigException(at, msg) : new IllegalArgumentException(msg);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static ImageFormat lqipFormat(String value, ConfigNode at) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("webp")) return ImageFormat.WEBP;
        if (v.equals("jpeg") || v.equals("jpg")) return ImageFormat.JPEG;
        String msg = "step 'placeholders': lqipFormat '" + value + "' must be webp or jpeg";
        throw at != null ? new ConfigException(at, msg) : new IllegalArgumentException(msg);
    }

    @Override
    public DecodeHint decodeHint(Options options, int w, int h) { return DecodeHint.NEUTRAL; }
}
