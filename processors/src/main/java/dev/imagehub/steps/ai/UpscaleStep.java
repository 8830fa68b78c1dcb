package dev.imagehub.steps.ai;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.image.Resampler;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.estimate.PlanContext;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Enlarges the image with a WaveSpeed upscaler. {@code factor} 2 or 4 promises exactly that many times the input's
 * size: models that only know a target resolution get the smallest one that reaches it, and the result is resampled
 * to the exact size. {@code target} 2k/4k/8k asks for that long side and keeps what the model returns.
 */
public final class UpscaleStep extends AiStep<UpscaleStep.Options> {
    private static final List<String> TARGETS = List.of("2k", "4k", "8k");

    /** Options of upscale. */
    public record Options(
            @Option(value = "enlarge exactly this many times: 2 or 4 (default 2 when no target is given)", min = 2, max = 4) Integer factor,
            @Option("target resolution of the long side instead of a factor: 2k, 4k or 8k") String target,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs,
            @Option("models to run side by side: outputs <name>-<model> and a contact sheet <name>-compare.jpg") List<String> compare) implements AiOptions {
        public Options {
            compare = compare == null ? List.of() : compare;
        }
    }

    public UpscaleStep() {
        super("upscale", "WaveSpeed: enlarge 2x/4x or to 2k/4k/8k", ModelTask.UPSCALE, Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.factor() != null && o.target() != null) throw new ConfigException(at, "step 'upscale': give factor or target, not both");
        if (o.factor() != null && o.factor() != 2 && o.factor() != 4) {
            throw new ConfigException(at.get("factor") != null ? at.get("factor") : at, "step 'upscale': factor must be 2 or 4, was " + o.factor());
        }
        if (o.target() != null && !TARGETS.contains(o.target().toLowerCase(Locale.ROOT))) {
            throw new ConfigException(at.get("target") != null ? at.get("target") : at, "step 'upscale': target must be one of " + TARGETS + ", was '" + o.target() + "'");
        }
    }

    @Override
    protected void check(Options o, ModelSpec m) {
        if (scaleInput(m) == null) {
            throw new IllegalArgumentException("model " + m.id() + " has none of the inputs target_resolution, desired_increase or upscale_factor");
        }
    }

    private static String scaleInput(ModelSpec m) {
        return ModelInputs.first(m, List.of("target_resolution", "desired_increase", "upscale_factor"));
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        Set<String> s = new HashSet<>();
        s.add(ModelInputs.mainImage(m));
        if (scaleInput(m) != null) s.add(scaleInput(m));
        return s;
    }

    private static int factor(Options o) {
        return o.factor() == null ? 2 : o.factor();
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        int longSide = Math.max(ctx.image().width(), ctx.image().height());
        String input = scaleInput(m);
        if (input.equals("target_resolution")) {
            in.put(input, o.target() != null ? o.target().toLowerCase(Locale.ROOT) : targetFor(longSide * factor(o)));
        } else {
            int f = o.target() != null ? factorFor(longSide, o.target()) : factor(o);
            // desired_increase is an enum of strings ("2", "4"); upscale_factor a number
            in.put(input, input.equals("desired_increase") ? String.valueOf(f) : f);
        }
        return in;
    }

    /** The smallest 2k/4k/8k long side that reaches {@code pixels}. */
    static String targetFor(int pixels) {
        if (pixels <= 2048) return "2k";
        if (pixels <= 4096) return "4k";
        return "8k";
    }

    private static int factorFor(int longSide, String target) {
        int wanted = switch (target.toLowerCase(Locale.ROOT)) {
            case "2k" -> 2048;
            case "4k" -> 4096;
            default -> 8192;
        };
        return wanted <= longSide * 2 ? 2 : 4;
    }

    @Override
    protected void deliver(StepContext ctx, Options o, ModelSpec m, AiResult result) throws Exception {
        int w = ctx.image().width();
        int h = ctx.image().height();
        super.deliver(ctx, o, m, result);
        if (o.target() != null) {
            ctx.note(String.format(Locale.ROOT, "%dx%d -> %dx%d (target %s)", w, h, ctx.image().width(), ctx.image().height(), o.target()));
            return;
        }
        int f = factor(o);
        int gotW = ctx.image().width();
        int gotH = ctx.image().height();
        if (gotW != w * f || gotH != h * f) {
            ctx.image().replace(Resampler.resize(ctx.image().mat(), w * f, h * f));
            ctx.note(String.format(Locale.ROOT, "%dx%d -> %dx%d (%dx); the model returned %dx%d, resampled to the exact factor",
                    w, h, w * f, h * f, f, gotW, gotH));
        } else {
            ctx.note(String.format(Locale.ROOT, "%dx%d -> %dx%d (%dx)", w, h, gotW, gotH, f));
        }
    }

    // hub estimate: the scale input this file would be sent with (the chain's pass-through inputs win, as at run time)
    @Override
    protected Map<String, String> priceInputs(Options o, ModelSpec m, PlanContext ctx) {
        Map<String, String> in = super.priceInputs(o, m, ctx);
        String input = scaleInput(m);
        if (input == null || ctx.longSide() <= 0) return in;
        if (input.equals("target_resolution")) {
            in.putIfAbsent(input, o.target() != null ? o.target().toLowerCase(Locale.ROOT) : targetFor(ctx.longSide() * factor(o)));
        } else {
            in.putIfAbsent(input, String.valueOf(o.target() != null ? factorFor(ctx.longSide(), o.target()) : factor(o)));
        }
        return in;
    }
}
