package dev.imagehub.steps.ai;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.Option;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.wavespeed.AiOutput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.InputSpec;
import dev.imagehub.wavespeed.ModelChoice;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.estimate.PlanContext;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Makes images from a prompt file dropped in a hot folder: {@code sunset.txt} holds the prompt, {@code sunset.json}
 * holds {@code prompt} and optionally {@code size} ("1024*768"), {@code seed}, {@code count} (1-4) and
 * {@code negative_prompt}. The first image is {@code sunset.<ext>}, the others {@code sunset-2.<ext>}, ...; later steps
 * work on the first. Must be the first step of its chain.
 */
public final class GenerateStep extends AiStep<GenerateStep.Options> {
    private static final int MAX_COUNT = 4;

    /** Options of generate. */
    public record Options(
            @Option("size W*H when the prompt file gives none, e.g. 1024*1024 (models with a size input)") String size,
            @Option(value = "images per prompt when the file gives no count (1-4)", defaultValue = "1", min = 1, max = MAX_COUNT) int count,
            @Option("seed when the file gives none; image n of a prompt uses seed + n - 1") Long seed,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs) implements AiOptions {
    }

    public GenerateStep() {
        super("generate", "WaveSpeed: images from a .txt or .json prompt file (first step of a chain)", ModelTask.GENERATE, Options.class);
    }

    @Override
    public boolean takesText() {
        return true;
    }

    @Override
    protected boolean fits(Options o, ModelSpec m) {
        return m.inputs().values().stream().noneMatch(i -> i.required() && (i.type() == InputSpec.Type.IMAGE || i.type() == InputSpec.Type.IMAGES));
    }

    @Override
    protected String fitsWhy(Options o) {
        return "needs reference images, which a prompt file cannot give";
    }

    @Override
    protected void check(Options o, ModelSpec m) {
        if (o.size() != null && m.inputs().get("size") != null) InputValues.convert(m.inputs().get("size"), o.size());
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        return new HashSet<>(List.of("prompt", "size", "seed"));
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) {
        return inputs(ctx, o, m, seed(ctx, o));
    }

    private Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m, Long seed) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("prompt", ModelInputs.sidecarText(ctx, "prompt"));
        String size = ModelInputs.sidecarText(ctx, "size");
        if (size != null && !size.matches("\\d+\\*\\d+")) {
            throw new IllegalArgumentException(ctx.fileName() + ": size must be W*H such as 1024*768, was '" + size + "'");
        }
        ModelInputs.putIf(in, m, "size", size != null ? size : o.size());
        ModelInputs.putIf(in, m, "seed", seed);
        ModelInputs.putIf(in, m, "negative_prompt", ModelInputs.sidecarText(ctx, "negative_prompt"));
        return in;
    }

    private static Long seed(StepContext ctx, Options o) {
        String s = ModelInputs.sidecarText(ctx, "seed");
        if (s == null) return o.seed();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ctx.fileName() + ": seed must be a whole number, was '" + s + "'");
        }
    }

    private static int count(StepContext ctx, Options o) {
        String s = ModelInputs.sidecarText(ctx, "count");
        if (s == null) return o.count();
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= MAX_COUNT) return n;
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException(ctx.fileName() + ": count must be 1 to " + MAX_COUNT + ", was '" + s + "'");
    }

    @Override
    protected void run(StepContext ctx, Options o, ModelChoice choice) throws Exception {
        ModelSpec m = choice.model();
        int count = count(ctx, o);
        Long seed = seed(ctx, o);
        List<AiResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long s = seed == null ? null : seed + i;
            results.add(call(ctx, o, count == 1 ? "" : String.valueOf(i + 1), choice, inputs(ctx, o, m, s)));
        }
        AiOutput first = AiImages.first(results.get(0).outputs(), m);
        // without a convert step the images keep the format the model made
        if (ctx.encode().format() == null) ctx.encode().format(ImageProbe.probe(first.bytes()).format());
        for (int i = 1; i < count; i++) {
            ctx.addExtra("-" + (i + 1), AiImages.decode(AiImages.first(results.get(i).outputs(), m), m), null);
        }
        ctx.replaceImage(AiImages.decode(first, m));
        ctx.note(count + " image" + (count == 1 ? "" : "s") + " from " + ctx.fileName());
    }

    // hub estimate: one prediction per image asked for (the prompt file's count, else the option), at the size sent
    @Override
    protected List<String> variants(Options o, PlanContext ctx) {
        Object c = ctx.sidecar().get("count");
        int count = o.count();
        if (c != null) {
            try {
                count = Math.max(1, Math.min(MAX_COUNT, Integer.parseInt(String.valueOf(c).trim())));
            } catch (NumberFormatException e) {
                count = o.count(); // the run refuses it with the allowed range; the estimate prices the option's count
            }
        }
        if (count == 1) return List.of("");
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) out.add(String.valueOf(i));
        return out;
    }

    @Override
    protected Map<String, String> priceInputs(Options o, ModelSpec m, PlanContext ctx) {
        Map<String, String> in = super.priceInputs(o, m, ctx);
        Object size = ctx.sidecar().get("size") != null ? ctx.sidecar().get("size") : o.size();
        if (size != null && m.inputs().containsKey("size")) in.putIfAbsent("size", String.valueOf(size));
        return in;
    }
}
