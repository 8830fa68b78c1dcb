package dev.imagehub.steps.ai;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Extends the canvas with generated content (outpainting): to an aspect ratio ({@code aspect: '16:9'}), or by
 * {@code percent} of the image's size towards a {@code direction}, mapped onto the model's canvas inputs.
 */
public final class ExpandStep extends AiStep<ExpandStep.Options> {

    /** Which side(s) grow. */
    public enum Direction { LEFT, RIGHT, UP, DOWN, HORIZONTAL, VERTICAL, ALL }

    /** Options of expand. */
    public record Options(
            @Option("target aspect ratio such as '16:9', '1:1', '9:16'") String aspect,
            @Option("grow the canvas towards left, right, up, down, horizontal, vertical or all") Direction direction,
            @Option(value = "how much the canvas grows in the direction, % of the image size", defaultValue = "25", min = 1, max = 200) double percent,
            @Option("what to fill the new area with (optional)") String prompt,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs,
            @Option("models to run side by side: outputs <name>-<model> and a contact sheet <name>-compare.jpg") List<String> compare) implements AiOptions {
        public Options {
            compare = compare == null ? List.of() : compare;
        }
    }

    public ExpandStep() {
        super("expand", "WaveSpeed: extend the canvas to an aspect ratio or in a direction", ModelTask.EXPAND, Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if ((o.aspect() == null) == (o.direction() == null)) {
            throw new ConfigException(at, "step 'expand' needs either aspect (e.g. '16:9') or direction (left, right, up, down, horizontal, vertical, all)");
        }
        if (o.aspect() != null && !o.aspect().matches("\\d+:\\d+")) {
            throw new ConfigException(at.get("aspect"), "step 'expand': aspect must look like 16:9, was '" + o.aspect() + "'");
        }
    }

    @Override
    protected boolean fits(Options o, ModelSpec m) {
        return o.aspect() != null ? m.inputs().containsKey("aspect_ratio")
                : m.inputs().containsKey("canvas_size") && m.inputs().containsKey("original_image_location");
    }

    @Override
    protected String fitsWhy(Options o) {
        return o.aspect() != null ? "takes no aspect_ratio" : "takes no canvas_size and original_image_location";
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        Set<String> s = new HashSet<>(List.of(ModelInputs.mainImage(m), "aspect_ratio", "canvas_size", "original_image_size",
                "original_image_location"));
        if (o.prompt() != null) s.add("prompt");
        return s;
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        ModelInputs.putIf(in, m, "prompt", o.prompt());
        if (o.aspect() != null) {
            in.put("aspect_ratio", o.aspect());
            return in;
        }
        int w = ctx.image().width();
        int h = ctx.image().height();
        int dx = (int) Math.round(w * o.percent() / 100);
        int dy = (int) Math.round(h * o.percent() / 100);
        int[] canvas;
        int[] at;
        switch (o.direction()) {
            case LEFT -> { canvas = new int[] {w + dx, h}; at = new int[] {dx, 0}; }
            case RIGHT -> { canvas = new int[] {w + dx, h}; at = new int[] {0, 0}; }
            case UP -> { canvas = new int[] {w, h + dy}; at = new int[] {0, dy}; }
            case DOWN -> { canvas = new int[] {w, h + dy}; at = new int[] {0, 0}; }
            case HORIZONTAL -> { canvas = new int[] {w + 2 * dx, h}; at = new int[] {dx, 0}; }
            case VERTICAL -> { canvas = new int[] {w, h + 2 * dy}; at = new int[] {0, dy}; }
            default -> { canvas = new int[] {w + 2 * dx, h + 2 * dy}; at = new int[] {dx, dy}; }
        }
        in.put("canvas_size", List.of(canvas[0], canvas[1]));
        ModelInputs.putIf(in, m, "original_image_size", List.of(w, h));
        in.put("original_image_location", List.of(at[0], at[1]));
        return in;
    }
}
