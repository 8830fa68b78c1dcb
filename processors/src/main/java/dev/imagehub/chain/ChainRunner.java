package dev.imagehub.chain;

import dev.imagehub.wavespeed.Postponed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

import dev.imagehub.image.Animations;
import dev.imagehub.image.BadImageException;
import dev.imagehub.image.BudgetEncoder;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageEncoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.ledger.UsageRecord;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/**
 * Runs one chain over one decoded image: plans shrink-on-load from the first step that needs pixels, decodes once,
 * applies the steps in order, and encodes once at the end. Every operation becomes a ledger row.
 */
public final class ChainRunner {
    private ChainRunner() {
    }

    public static ChainResult run(ChainDefinition chain, String fileName, byte[] bytes, ImageInfo info) throws StepFailure {
        return run(chain, fileName, bytes, info, java.util.Map.of());
    }

    /** Runs the chain; {@code sidecar} holds the values of the {@code <file>.json} dropped beside the image. */
    public static ChainResult run(ChainDefinition chain, String fileName, byte[] bytes, ImageInfo info,
                                  java.util.Map<String, Object> sidecar) throws StepFailure {
        return run(chain, fileName, bytes, info, sidecar, null);
    }

    /** Runs the chain for a journaled job; {@code scope} identifies it to steps that pay (AI steps), may be null. */
    public static ChainResult run(ChainDefinition chain, String fileName, byte[] bytes, ImageInfo info,
                                  java.util.Map<String, Object> sidecar, JobScope scope) throws StepFailure {
        // animated GIF/WebP: every frame goes through the chain, and the animation is kept or refused, never cut to one frame
        if (Animations.isAnimated(bytes, info.format())) return AnimationRunner.run(chain, fileName, bytes, info, sidecar);
        List<UsageRecord> usage = new ArrayList<>();
        try (StepContext ctx = new StepContext(fileName, info, sidecar, scope)) {
            decode(chain, ctx, bytes, info, usage);
            ctx.sourceFile(bytes);
            ctx.chainKeepsPicture(!chain.steps().isEmpty() && chain.steps().stream().allMatch(ConfiguredStep::keepsPicture));
            if (chain.steps().stream().anyMatch(ConfiguredStep::sendsSource)) ctx.rememberSource(bytes);
            return runSteps(chain, ctx, bytes, usage);
        }
    }

    /**
     * Runs a chain that starts from a prompt file (its first step generates the image): {@code prompt} holds the
     * file's values ({@code prompt}, {@code size}, ...); there is no source image to probe, decode or carry metadata from.
     */
    public static ChainResult runText(ChainDefinition chain, String fileName, java.util.Map<String, Object> prompt, JobScope scope)
            throws StepFailure {
        ImageInfo none = new ImageInfo(ImageFormat.PNG, 1, 1, 1, null, null, 3);
        List<UsageRecord> usage = new ArrayList<>();
        try (StepContext ctx = new StepContext(fileName, none, prompt, scope)) {
            // a 1x1 placeholder until the generating step replaces it with its output
            ctx.image(new WorkingImage(new Mat(1, 1, CV_8UC3, new Scalar(255, 255, 255, 0))));
            return runSteps(chain, ctx, null, usage);
        }
    }

    private static ChainResult runSteps(ChainDefinition chain, StepContext ctx, byte[] bytes, List<UsageRecord> usage) throws StepFailure {
        int index = 1;
        long chainStart = System.nanoTime();
        java.time.Duration deadline = ctx.scope() == null ? null : ctx.scope().deadline();
        String previous = "decode";
        long previousMillis = 0;
        for (ConfiguredStep<?> step : chain.steps()) {
            long start = System.nanoTime();
            if (deadline != null && start - chainStart > deadline.toNanos()) {
                String reason = String.format(java.util.Locale.ROOT, "the file took longer than hub.fileDeadlineSeconds (%d s): stopped before "
                        + "step '%s' after %d s (the slowest so far: '%s', %d ms); a smaller or simpler file, or a higher limit, gets it through",
                        deadline.toSeconds(), step.name(), (start - chainStart) / 1_000_000_000L, previous, previousMillis);
                usage.add(UsageRecord.local(step.name(), index, UsageRecord.FAILED, 0, ctx.image().pixelBytes(), 0, reason, null));
                throw new StepFailure(step.name(), reason, null, usage);
            }
            long before = ctx.image().pixelBytes();
            ctx.stepIndex(index);
            try {
                step.apply(ctx);
            } catch (Postponed p) {
                // not the file's fault and nothing spent: the whole file waits, no ledger row is written for this try
                throw p;
            } catch (Exception | OutOfMemoryError e) {
                String reason = Errors.reason(e);
                // paid calls are recorded even when the step fails after them: the money was spent
                List<UsageRecord> charges = ctx.takeCharges();
                usage.addAll(charges);
                if (charges.isEmpty() || charges.stream().noneMatch(c -> UsageRecord.FAILED.equals(c.status()))) {
                    usage.add(UsageRecord.local(charges.isEmpty() ? step.name() : step.name() + ":failed", index,
                            UsageRecord.FAILED, millis(start), before, 0, reason, ctx.takeNote()));
                }
                throw new StepFailure(step.name(), reason, e, usage);
            }
            List<UsageRecord> charges = ctx.takeCharges();
            if (charges.isEmpty()) {
                usage.add(UsageRecord.local(step.name(), index, UsageRecord.OK, millis(start), before, ctx.image().pixelBytes(), null,
                        ctx.takeNote()));
            } else {
                usage.addAll(charges);                               // an AI step's rows carry model, prediction and cost
                ctx.takeNote();
            }
            long took = millis(start);
            if (took >= previousMillis) {
                previous = step.name();
                previousMillis = took;
            }
            index++;
        }
        // published in this order, so that the file a reader waits for comes last: what goes beside the result (extra
        // images, sidecars), then the result itself, then the files that list the others (manifests, reports). A main
        // result that is one of several peers (the first language of a translation: it has a suffix) keeps its place first.
        List<ChainResult.Output> outputs = new ArrayList<>();
        ImageFormat mainFormat = ctx.encode().resolve(ctx.source().format());
        ChainResult.Output main = null;
        if (ctx.deliverImage()) {
            main = encode(ctx, bytes, index, usage);
            mainFormat = main.format();
            afterEncode(ctx, main, index, usage);
        }
        boolean peer = main != null && !ctx.mainSuffix().isEmpty();
        if (peer) outputs.add(main);
        for (StepContext.Extra extra : ctx.extras()) {
            outputs.add(encodeExtra(ctx, extra, mainFormat, index, usage));
        }
        outputs.addAll(ctx.files());
        if (main != null && !peer) outputs.add(main);
        outputs.addAll(ctx.indexes());
        return new ChainResult(outputs, usage, List.copyOf(ctx.appends()));
    }

    private static void decode(ChainDefinition chain, StepContext ctx, byte[] bytes, ImageInfo info, List<UsageRecord> usage)
            throws StepFailure {
        long start = System.nanoTime();
        int reduction = plannedReduction(chain, info);
        try {
            WorkingImage image = ImageDecoder.decode(bytes, info, reduction);
            ctx.image(image);
            String note = String.format(Locale.ROOT, "%s %dx%d%s%s", info.format(), info.width(), info.height(),
                    reduction > 1 ? ", decoded at 1/" + reduction + " scale" : "",
                    info.orientation() != 1 ? ", EXIF orientation " + info.orientation() : "");
            usage.add(UsageRecord.local("decode", 0, UsageRecord.OK, millis(start), bytes.length, image.pixelBytes(), null, note));
        } catch (BadImageException | RuntimeException | OutOfMemoryError e) {
            String reason = Errors.reason(e);
            usage.add(UsageRecord.local("decode", 0, UsageRecord.FAILED, millis(start), bytes.length, 0, reason, null));
            throw new StepFailure("decode", reason, e, usage);
        }
    }

    /**
     * The JPEG DCT reduction allowed by the first step that looks at pixels (1 when it needs them all). Crops before it
     * keep a part at full resolution, so that step is asked about the part, and its need is scaled back to the whole.
     */
    public static int plannedReduction(ChainDefinition chain, ImageInfo info) {
        int w = info.orientedWidth();
        int h = info.orientedHeight();
        for (ConfiguredStep<?> step : chain.steps()) {
            DecodeHint hint = step.decodeHint(w, h);
            if (hint.neutral()) continue;
            if (hint.keepsPart()) {
                w = Math.min(w, hint.keepWidth());
                h = Math.min(h, hint.keepHeight());
                continue;
            }
            if (hint.minWidth() == Integer.MAX_VALUE) return 1;
            int needW = (int) Math.min(info.orientedWidth(), Math.ceil((double) hint.minWidth() * info.orientedWidth() / w));
            int needH = (int) Math.min(info.orientedHeight(), Math.ceil((double) hint.minHeight() * info.orientedHeight() / h));
            int minW = info.orientationSwapsAxes() ? needH : needW;
            int minH = info.orientationSwapsAxes() ? needW : needH;
            return ImageDecoder.reductionFor(info, minW, minH);
        }
        return 1;
    }

    private static ChainResult.Output encode(StepContext ctx, byte[] source, int index, List<UsageRecord> usage) throws StepFailure {
        long start = System.nanoTime();
        long sourceBytes = source == null ? 0 : source.length;
        if (source != null && ctx.chainKeepsPicture() && ctx.encode().untouched() && ctx.orientation() == ctx.source().orientation()) {
            // nothing asked to change the picture or how it is written: the original goes out byte for byte
            usage.add(UsageRecord.local("encode", index, UsageRecord.OK, millis(start), sourceBytes, source.length, null,
                    "the original file, unchanged (no step of the chain changes the picture)"));
            return new ChainResult.Output(ctx.mainSuffix(), ctx.source().format(), source, ctx.source().orientedWidth(), ctx.source().orientedHeight());
        }
        ImageFormat format = ctx.encode().resolve(ctx.source().format());
        try {
            // metadata and colour policy: sRGB conversion, EXIF/XMP rebuilt, orientation made consistent with the pixels.
            // With format: auto the first candidate decides what metadata can travel.
            ImageFormat metaFormat = ctx.encode().autoFormats().isEmpty() ? format : ctx.encode().autoFormats().get(0);
            OutputMetadata.Prepared meta = OutputMetadata.prepare(ctx, metaFormat, source);
            List<String> notes = new ArrayList<>(meta.notes());
            // budget search, format: auto and palette PNG; the metadata to embed counts against the byte budget
            Long budget = ctx.encode().maxBytes();
            int reserve = meta.embed().size();
            if (budget != null) ctx.encode().maxBytes(Math.max(1, budget - reserve));
            BudgetEncoder.Result encoded;
            try {
                encoded = BudgetEncoder.encode(ctx.image(), format, ctx.encode(), null, null, sourceBytes);
            } finally {
                ctx.encode().maxBytes(budget);
            }
            format = encoded.format();
            byte[] out = meta.embed().into(encoded.bytes(), format);
            notes.add(encoded.details());
            notes.add(0, String.format(Locale.ROOT, "%s %dx%d", format, ctx.image().width(), ctx.image().height()));
            usage.add(UsageRecord.local("encode", index, UsageRecord.OK, millis(start), sourceBytes, out.length, null,
                    String.join("; ", notes)));
            return new ChainResult.Output(ctx.mainSuffix(), format, out, ctx.image().width(), ctx.image().height());
        } catch (Exception | OutOfMemoryError e) {
            // a missed byte budget is not a codec failure: its reason already names the option and the sizes
            String reason = e instanceof BudgetEncoder.BudgetMissed ? e.getMessage() : "encoding " + format + " failed: " + Errors.reason(e);
            usage.add(UsageRecord.local("encode", index, UsageRecord.FAILED, millis(start), sourceBytes, 0, reason, null));
            throw new StepFailure("encode", reason, e, usage);
        }
    }

    // Extras (comparisons, previews) share the main output's settings, without its metadata.
    // the steps' work on the encoded result, each with its own ledger row
    private static void afterEncode(StepContext ctx, ChainResult.Output main, int index, List<UsageRecord> usage) throws StepFailure {
        for (var work : ctx.afterEncode()) {
            long start = System.nanoTime();
            long pixels = ctx.image().pixelBytes();
            try {
                work.getValue().run(ctx, main);
                usage.add(UsageRecord.local(work.getKey(), index, UsageRecord.OK, millis(start), pixels, 0, null, ctx.takeNote()));
            } catch (Exception | OutOfMemoryError e) {
                String reason = Errors.reason(e);
                usage.add(UsageRecord.local(work.getKey(), index, UsageRecord.FAILED, millis(start), pixels, 0, reason, ctx.takeNote()));
                throw new StepFailure(work.getKey(), reason, e, usage);
            }
        }
    }

    private static ChainResult.Output encodeExtra(StepContext ctx, StepContext.Extra extra, ImageFormat mainFormat, int index,
                                                  List<UsageRecord> usage) throws StepFailure {
        ImageFormat format = extra.format() != null ? extra.format() : mainFormat;
        long start = System.nanoTime();
        try {
            OutputMetadata.toSrgb(ctx, extra.image());
            byte[] out = ImageEncoder.encode(extra.image(), format, ctx.encode(), null, null);
            return new ChainResult.Output(extra.suffix(), format, out, extra.image().width(), extra.image().height());
        } catch (Exception | OutOfMemoryError e) {
            // the file fails as a whole; its ledger keeps every operation so far, plus this one
            String reason = "encoding the extra output '" + extra.suffix() + "' failed: " + Errors.reason(e);
            usage.add(UsageRecord.local("encode" + extra.suffix(), index, UsageRecord.FAILED, millis(start), extra.image().pixelBytes(), 0,
                    reason, null));
            throw new StepFailure("encode", reason, e, usage);
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
