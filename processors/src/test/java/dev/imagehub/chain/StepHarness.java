package dev.imagehub.chain;

import java.util.Map;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.OptionBinder;
import dev.imagehub.config.YamlConfig;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.WorkingImage;

/** Runs single steps on pixels in memory, with options written as in chains.yaml, for tests that measure pixels. */
public final class StepHarness {
    private static final StepCatalog STEPS = StepCatalog.discover();

    private StepHarness() {
    }

    /** A context holding a copy of {@code pixels}, as if decoded from a PNG of that size. */
    public static StepContext context(Mat pixels) {
        ImageInfo info = new ImageInfo(ImageFormat.PNG, pixels.cols(), pixels.rows(), 1, null, null, pixels.channels());
        StepContext ctx = new StepContext("test.png", info, Map.of());
        ctx.image(new WorkingImage(pixels.clone()));
        return ctx;
    }

    /** Binds and validates {@code step}'s options from a flow mapping such as {@code "{ strength: 50 }"}, then applies it. */
    public static void apply(StepContext ctx, String step, String options) throws Exception {
        configured(step, options).apply(ctx);
    }

    /** The step bound to its options, as the chain catalog would bind it (validation errors included). */
    public static ConfiguredStep<?> configured(String step, String options) {
        ImageStep<?> s = STEPS.get(step);
        if (s == null) throw new IllegalArgumentException("no step " + step);
        ConfigNode node = YamlConfig.parse("x: " + options, "test").get("x");
        return bind(s, node);
    }

    private static <O extends Record> ConfiguredStep<O> bind(ImageStep<O> step, ConfigNode node) {
        O bound = OptionBinder.bind(step.optionsType(), node, step.name());
        step.validate(bound, node);
        return new ConfiguredStep<>(step, bound, node);
    }

    /** Applies {@code step} with {@code options} to a copy of {@code pixels} and returns the result (caller closes it). */
    public static Mat run(Mat pixels, String step, String options) throws Exception {
        try (StepContext ctx = context(pixels)) {
            apply(ctx, step, options);
            return ctx.image().mat().clone();
        }
    }
}
