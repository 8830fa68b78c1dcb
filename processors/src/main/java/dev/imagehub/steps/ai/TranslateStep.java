package dev.imagehub.steps.ai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.InputSpec;
import dev.imagehub.wavespeed.ModelChoice;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.estimate.PlanContext;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Translates the text in the image into each listed language: one prediction and one output per language, named
 * {@code <name>-<code>.<ext>} ({@code photo-es.jpg}, {@code photo-de.jpg}). Codes are mapped to what the model expects:
 * a code for models with a code list (Qwen's target_lang), an English word for the others ("spanish").
 */
public final class TranslateStep extends AiStep<TranslateStep.Options> {

    /** Options of translate. */
    public record Options(
            @Option("target languages as codes, e.g. [es, de]: one output each, <name>-es.<ext>, <name>-de.<ext>") List<String> languages,
            @Option("the language of the text in the image, as a code; empty: detected (models with source_lang only)") String from,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs) implements AiOptions {
        public Options {
            languages = languages == null ? List.of() : languages.stream().map(Languages::normal).toList();
        }
    }

    public TranslateStep() {
        super("translate", "WaveSpeed: translate the text in the image into several languages, one output each", ModelTask.TRANSLATE, Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.languages().isEmpty()) throw new ConfigException(at, "step 'translate' needs languages, e.g. languages: [es, de]");
        if (new java.util.HashSet<>(o.languages()).size() != o.languages().size()) {
            throw new ConfigException(at.get("languages"), "step 'translate': a language is listed twice in " + o.languages());
        }
    }

    @Override
    protected void check(Options o, ModelSpec m) {
        InputSpec codes = m.inputs().get("target_lang");
        for (String lang : o.languages()) {
            if (codes != null && codes.type() == InputSpec.Type.ENUM && !codes.values().contains(lang)) {
                throw new IllegalArgumentException("model " + m.id() + " translates into " + codes.values() + ", not '" + lang + "'");
            }
            if (codes == null && !Languages.known(lang)) {
                throw new IllegalArgumentException("unknown language code '" + lang + "' (known: " + Languages.codes() + ")");
            }
        }
        if (codes == null && !m.inputs().containsKey("target_language")) {
            throw new IllegalArgumentException("model " + m.id() + " has neither target_lang nor target_language");
        }
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        return Set.of(ModelInputs.mainImage(m), "target_lang", "target_language");
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Options file = forFile(ctx, o, m);
        return inputs(file, m, AiImages.current(ctx), file.languages().get(0));
    }

    // A list of languages in the file's sidecar (a batch row's languages column) replaces the chain's, checked the same way.
    private Options forFile(StepContext ctx, Options o, ModelSpec m) {
        if (!(ctx.sidecar().get("languages") instanceof List<?> list) || list.isEmpty()) return o;
        List<String> langs = list.stream().map(String::valueOf).toList();
        Options file = new Options(langs, o.from(), o.model(), o.mode(), o.inputs());
        if (new java.util.HashSet<>(file.languages()).size() != file.languages().size()) {
            throw new IllegalArgumentException("a language is listed twice in " + file.languages());
        }
        check(file, m);
        return file;
    }

    private static Map<String, Object> inputs(Options o, ModelSpec m, AiInput image, String lang) {
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), image);
        if (m.inputs().containsKey("target_lang")) in.put("target_lang", lang);
        else in.put("target_language", Languages.word(lang));
        if (o.from() != null) ModelInputs.putIf(in, m, "source_lang", Languages.normal(o.from()));
        return in;
    }

    // The image is encoded once for all languages; the first language's result continues down the chain.
    @Override
    protected void run(StepContext ctx, Options chain, ModelChoice choice) throws Exception {
        ModelSpec m = choice.model();
        Options o = forFile(ctx, chain, m);
        AiInput image = AiImages.current(ctx);
        List<AiResult> results = new ArrayList<>();
        for (String lang : o.languages()) {
            results.add(call(ctx, o, lang, choice, inputs(o, m, image, lang)));
        }
        for (int i = 1; i < results.size(); i++) {
            ctx.addExtra("-" + o.languages().get(i), AiImages.decode(AiImages.first(results.get(i).outputs(), m), m), null);
        }
        ctx.mainSuffix("-" + o.languages().get(0));
        deliver(ctx, o, m, results.get(0));
        ctx.note("translated into " + String.join(", ", o.languages()));
    }

    // hub estimate and batch estimates: one prediction per language, the sidecar's (a batch row's) list winning as at run time
    @Override
    protected List<String> variants(Options o, PlanContext ctx) {
        if (ctx.sidecar().get("languages") instanceof List<?> list && !list.isEmpty()) {
            return list.stream().map(String::valueOf).map(Languages::normal).toList();
        }
        return o.languages();
    }
}
