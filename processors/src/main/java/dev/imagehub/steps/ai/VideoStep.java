package dev.imagehub.steps.ai;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.InputSpec;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.estimate.PlanContext;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Turns the image into a short video ({@code <name>.mp4}; no image is delivered). With {@code avatar: true} the photo
 * becomes a talking avatar that speaks an audio file: the sidecar's {@code "audio"} (a file name in the inbox folder)
 * or the {@code audio} option (relative to the hub home).
 */
public final class VideoStep extends AiStep<VideoStep.Options> {

    /** Options of video. */
    public record Options(
            @Option("what happens in the clip (a sidecar {\"prompt\": ...} overrides it)") String prompt,
            @Option("clip length in seconds, for models with a duration input (5 or 10)") Integer duration,
            @Option("480p, 720p or 1080p, as the model allows") String resolution,
            @Option(value = "talking avatar: the photo speaks an audio file (models that require audio, such as InfiniteTalk)", defaultValue = "false") boolean avatar,
            @Option("avatar audio file relative to the hub home; the sidecar's \"audio\" (a file beside the photo) overrides it") String audio,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs) implements AiOptions {
    }

    public VideoStep() {
        super("video", "WaveSpeed: image to video, or a talking avatar with an audio file", ModelTask.VIDEO, Options.class);
    }

    @Override
    protected boolean fits(Options o, ModelSpec m) {
        InputSpec audio = m.inputs().get("audio");
        // talking-avatar models are the ones that cannot work without speech
        boolean talks = audio != null && audio.required();
        return o.avatar() == talks;
    }

    @Override
    protected String fitsWhy(Options o) {
        return o.avatar() ? "is not a talking-avatar model (it does not require audio)" : "is a talking-avatar model: set avatar: true";
    }

    @Override
    protected void check(Options o, ModelSpec m) {
        if (o.resolution() != null) InputValues.convert(m.inputs().getOrDefault("resolution",
                new InputSpec("resolution", InputSpec.Type.ENUM, false, null, List.of(), null, null)), o.resolution());
        if (o.duration() != null && m.inputs().containsKey("duration")) InputValues.convert(m.inputs().get("duration"), o.duration());
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        Set<String> s = new HashSet<>(Set.of(ModelInputs.mainImage(m)));
        if (o.avatar()) s.add("audio");
        if (o.prompt() != null) s.add("prompt");
        return s;
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        String prompt = ModelInputs.sidecarText(ctx, "prompt");
        ModelInputs.putIf(in, m, "prompt", prompt != null ? prompt : o.prompt());
        ModelInputs.putIf(in, m, "resolution", o.resolution());
        ModelInputs.putIf(in, m, "duration", o.duration() == null ? null : String.valueOf(o.duration()));
        if (o.avatar()) in.put("audio", audio(ctx, o));
        return in;
    }

    private AiInput audio(StepContext ctx, Options o) throws Exception {
        String beside = ModelInputs.sidecarText(ctx, "audio");
        if (beside != null) {
            Path file;
            try {
                file = ctx.scope().followsLinks() ? ctx.scope().inboxFolder().resolve(beside).normalize()
                        : dev.imagehub.files.ConfinedPaths.inside(ctx.scope().inboxFolder(), beside);
            } catch (dev.imagehub.files.ConfinedPaths.RefusedPath e) {
                throw new java.io.IOException("the audio file named in the sidecar of " + ctx.fileName() + ": " + e.getMessage());
            }
            if (!file.startsWith(ctx.scope().inboxFolder()) || !Files.isRegularFile(file)) {
                throw new java.io.IOException("the audio file '" + beside + "' named in the sidecar of " + ctx.fileName()
                        + " is not in the inbox folder " + ctx.scope().inboxFolder());
            }
            return AiInput.of(dev.imagehub.files.FileBytes.read(file), file.getFileName().toString());
        }
        if (o.audio() == null) {
            throw new java.io.IOException("a talking avatar needs audio: put {\"audio\": \"voice.mp3\"} in " + ctx.fileName()
                    + ".json with voice.mp3 in the inbox folder, or set the step's audio option");
        }
        return ModelInputs.file(ctx, o.audio(), "audio", name());
    }

    @Override
    protected void deliver(StepContext ctx, Options o, ModelSpec m, AiResult result) {
        if (result.outputs().isEmpty()) throw new IllegalStateException("model " + m.id() + " finished without a video");
        ctx.addFile("", result.outputs().get(0).extension() == null ? "mp4" : result.outputs().get(0).extension(), result.outputs().get(0).bytes());
        ctx.deliverImage(false);
    }

    // hub estimate: resolution and length as sent; a talking avatar is billed by its audio, measured from the file
    @Override
    protected Map<String, String> priceInputs(Options o, ModelSpec m, PlanContext ctx) {
        Map<String, String> in = super.priceInputs(o, m, ctx);
        if (o.resolution() != null && m.inputs().containsKey("resolution")) in.putIfAbsent("resolution", o.resolution());
        if (o.duration() != null && m.inputs().containsKey("duration")) in.putIfAbsent("duration", String.valueOf(o.duration()));
        if (o.avatar()) {
            Object beside = ctx.sidecar().get("audio");
            OptionalDouble seconds = beside != null ? ctx.audioSeconds(String.valueOf(beside))
                    : o.audio() != null ? ctx.audioSeconds(ctx.home().resolve(o.audio())) : OptionalDouble.empty();
            if (seconds.isPresent()) in.put("audio.seconds", String.format(java.util.Locale.ROOT, "%.3f", seconds.getAsDouble()));
        }
        return in;
    }
}
