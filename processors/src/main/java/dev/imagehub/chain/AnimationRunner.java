package dev.imagehub.chain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.imagehub.image.AnimationFrame;
import dev.imagehub.image.AnimationReader;
import dev.imagehub.image.AnimationWriter;
import dev.imagehub.image.BadImageException;
import dev.imagehub.image.EncodeSettings;
import dev.imagehub.image.ImageEncoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.ledger.UsageRecord;

/**
 * Runs a chain over an animated GIF or WebP: every frame is decoded as a full canvas, goes through all the chain's
 * steps (one context per frame) and is handed to the animation writer before the next frame is decoded, so memory
 * holds about one frame at a time (WebP output keeps the processed frames, which libwebp encodes together). Frame
 * delays and the loop count carry over. The ledger gets the usual one row per operation, with times summed over the
 * frames and the frame count in the details.
 *
 * <p>The first frame decides: once the steps have run on it, the target format is known, and a format without
 * animation (JPEG, PNG, AVIF, ...) is refused before the other frames are decoded: keeping only the first frame would
 * silently lose the rest.
 */
final class AnimationRunner {
    private final ChainDefinition chain;
    private final String fileName;
    private final byte[] bytes;
    private final ImageInfo info;
    private final Map<String, Object> sidecar;
    private final int stepCount;
    private final long[] stepNanos;
    private final long[] stepBytesIn;
    private final long[] stepBytesOut;
    private final String[] stepNotes;
    private final int[][] stepSizes;
    private long decodeNanos;
    private long decodedBytes;
    private long encodeNanos;
    private int frames;
    private int loops;
    private final List<Integer> delays = new ArrayList<>();

    private AnimationRunner(ChainDefinition chain, String fileName, byte[] bytes, ImageInfo info, Map<String, Object> sidecar) {
        this.chain = chain;
        this.fileName = fileName;
        this.bytes = bytes;
        this.info = info;
        this.sidecar = sidecar;
        this.stepCount = chain.steps().size();
        this.stepNanos = new long[stepCount];
        this.stepBytesIn = new long[stepCount];
        this.stepBytesOut = new long[stepCount];
        this.stepNotes = new String[stepCount];
        this.stepSizes = new int[stepCount][];
    }

    static ChainResult run(ChainDefinition chain, String fileName, byte[] bytes, ImageInfo info, Map<String, Object> sidecar)
            throws StepFailure {
        return new AnimationRunner(chain, fileName, bytes, info, sidecar).run();
    }

    private ChainResult run() throws StepFailure {
        long start = System.nanoTime();
        AnimationReader reader;
        try {
            reader = AnimationReader.open(bytes, info);
        } catch (BadImageException | RuntimeException | OutOfMemoryError e) {
            decodeNanos += System.nanoTime() - start;
            throw fail("decode", -1, Errors.reason(e), e);
        }
        decodeNanos += System.nanoTime() - start;
        List<AnimationWriter> writers = new ArrayList<>();
        List<ChainResult.Output> extras = new ArrayList<>();
        EncodeSettings settings = null;
        int width = 0;
        int height = 0;
        try (reader) {
            frames = reader.frameCount();
            loops = reader.loopCount();
            for (int index = 0; ; index++) {
                long t = System.nanoTime();
                AnimationFrame frame;
                try {
                    frame = reader.next();
                } catch (BadImageException | RuntimeException | OutOfMemoryError e) {
                    decodeNanos += System.nanoTime() - t;
                    throw fail("decode", -1, Errors.reason(e), e);
                }
                decodeNanos += System.nanoTime() - t;
                if (frame == null) break;
                try (StepContext ctx = new StepContext(fileName, info, sidecar)) {
                    ctx.image(frame.image());
                    decodedBytes += frame.image().pixelBytes();
                    delays.add(frame.delayMs());
                    applySteps(ctx, index);
                    if (index == 0) {
                        settings = ctx.encode();
                        width = ctx.image().width();
                        height = ctx.image().height();
                        writers = openWriters(settings);
                        extras = encodeExtras(ctx, settings, writers.get(0).format());
                    }
                    t = System.nanoTime();
                    try {
                        for (AnimationWriter w : writers) w.add(ctx.image(), frame.delayMs());
                    } catch (IOException | RuntimeException | OutOfMemoryError e) {
                        encodeNanos += System.nanoTime() - t;
                        throw fail("encode", stepCount, "encoding the animation failed at frame " + (index + 1) + ": " + Errors.reason(e), e);
                    }
                    encodeNanos += System.nanoTime() - t;
                }
            }
            if (writers.isEmpty()) throw fail("decode", -1, "the animation holds no frames", null);
            ChainResult.Output main = finish(writers, settings, width, height);
            List<ChainResult.Output> outputs = new ArrayList<>();
            outputs.add(main);
            outputs.addAll(extras);
            return new ChainResult(outputs, rows(stepCount, UsageRecord.OK, null, main.bytes().length, encodeNote(main)));
        } finally {
            writers.forEach(AnimationWriter::close);
        }
    }

    private void applySteps(StepContext ctx, int index) throws StepFailure {
        for (int k = 0; k < stepCount; k++) {
            ConfiguredStep<?> step = chain.steps().get(k);
            long t = System.nanoTime();
            stepBytesIn[k] += ctx.image().pixelBytes();
            try {
                step.apply(ctx);
            } catch (Exception | OutOfMemoryError e) {
                stepNanos[k] += System.nanoTime() - t;
                String where = frames > 1 ? " (frame " + (index + 1) + " of " + frames + ")" : "";
                throw fail(step.name(), k, Errors.reason(e) + where, e);
            }
            stepNanos[k] += System.nanoTime() - t;
            stepBytesOut[k] += ctx.image().pixelBytes();
            String note = ctx.takeNote();
            int[] size = {ctx.image().width(), ctx.image().height()};
            if (index == 0) {
                stepNotes[k] = note;
                stepSizes[k] = size;
            } else if (size[0] != stepSizes[k][0] || size[1] != stepSizes[k][1]) {
                throw fail(step.name(), k, String.format(Locale.ROOT, "step '%s' made frame %d %dx%d but frame 1 %dx%d; all frames of an "
                        + "animation must keep one size", step.name(), index + 1, size[0], size[1], stepSizes[k][0], stepSizes[k][1]), null);
            }
        }
    }

    // The formats the chain may write (one, or the allowed list of format: auto), keeping those that can animate.
    private List<AnimationWriter> openWriters(EncodeSettings settings) throws StepFailure {
        List<ImageFormat> candidates = settings.format() == null && !settings.autoFormats().isEmpty()
                ? settings.autoFormats() : List.of(settings.resolve(info.format()));
        List<ImageFormat> animated = candidates.stream().filter(ImageFormat::supportsAnimation).toList();
        if (animated.isEmpty()) {
            String target = candidates.stream().map(ImageFormat::name).collect(Collectors.joining(", "));
            throw fail("encode", stepCount, String.format(Locale.ROOT, "the %s is animated (%d frames) and the chain writes %s, which "
                    + "cannot hold an animation; keeping only the first frame would lose the rest: write gif or webp to keep the "
                    + "animation, or drop a still image", info.format(), frames, target), null);
        }
        List<AnimationWriter> writers = new ArrayList<>();
        try {
            for (ImageFormat f : animated) writers.add(AnimationWriter.create(f, settings, loops));
            return writers;
        } catch (IOException | RuntimeException e) {
            writers.forEach(AnimationWriter::close);
            throw fail("encode", stepCount, "encoding " + animated.get(0) + " failed: " + Errors.reason(e), e);
        }
    }

    // Extras (e.g. a before/after comparison) come from the first frame, as still images.
    private List<ChainResult.Output> encodeExtras(StepContext ctx, EncodeSettings settings, ImageFormat mainFormat) throws StepFailure {
        List<ChainResult.Output> outputs = new ArrayList<>();
        for (StepContext.Extra extra : ctx.extras()) {
            ImageFormat format = extra.format() != null ? extra.format() : mainFormat;
            try {
                byte[] out = ImageEncoder.encode(extra.image(), format, settings, null, null);
                outputs.add(new ChainResult.Output(extra.suffix(), format, out, extra.image().width(), extra.image().height()));
            } catch (IOException | RuntimeException e) {
                throw fail("encode", stepCount, "encoding the extra output '" + extra.suffix() + "' failed: " + Errors.reason(e), e);
            }
        }
        return outputs;
    }

    // Finishes every candidate writer, applies the byte budget, and keeps the smallest result that meets it.
    private ChainResult.Output finish(List<AnimationWriter> writers, EncodeSettings settings, int width, int height) throws StepFailure {
        long t = System.nanoTime();
        ChainResult.Output best = null;
        String overBudget = null;
        for (AnimationWriter w : writers) {
            try {
                byte[] out = w.finish();
                Long max = settings.maxBytes();
                if (max != null && out.length > max && w.adjustableQuality()) out = fitBudget(w, settings, max, out);
                if (max != null && out.length > max) {
                    overBudget = String.format(Locale.ROOT, "the animated %s is %d bytes%s, over the budget of %d bytes (maxBytes); %s",
                            w.format(), out.length, w.adjustableQuality() ? " even at quality " + settings.minQuality() : "", max,
                            w.adjustableQuality() ? "resize the frames or shorten the animation"
                                    : w.format() == ImageFormat.GIF ? "GIF has no quality setting: resize the frames or write webp"
                                    : "lossless WebP has no quality to lower: resize the frames or write lossy webp");
                    continue;
                }
                if (best == null || out.length < best.bytes().length) best = new ChainResult.Output("", w.format(), out, width, height);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                encodeNanos += System.nanoTime() - t;
                throw fail("encode", stepCount, "encoding the animated " + w.format() + " failed: " + Errors.reason(e), e);
            }
        }
        encodeNanos += System.nanoTime() - t;
        if (best == null) throw fail("encode", stepCount, overBudget, null);
        return best;
    }

    // Highest quality whose encode fits: a binary search between the budget floor and the quality that did not fit.
    private static byte[] fitBudget(AnimationWriter w, EncodeSettings settings, long max, byte[] tooBig) throws IOException {
        int lo = settings.minQuality();
        int hi = settings.webpQuality() - 1;
        byte[] fit = null;
        byte[] smallest = tooBig;
        while (lo <= hi) {
            int q = (lo + hi) >>> 1;
            byte[] out = w.encodeAt(q);
            if (out.length < smallest.length) smallest = out;
            if (out.length <= max) {
                fit = out;
                lo = q + 1;
            } else {
                hi = q - 1;
            }
        }
        return fit != null ? fit : smallest;
    }

    private String encodeNote(ChainResult.Output out) {
        return String.format(Locale.ROOT, "%s %dx%d, %d frames, %s, %s", out.format(), out.width(), out.height(), frames, delayNote(),
                loops == 0 ? "loops forever" : loops == 1 ? "plays once" : "plays " + loops + " times");
    }

    private String delayNote() {
        if (delays.stream().distinct().count() == 1) return delays.get(0) + " ms per frame";
        String shown = delays.stream().limit(12).map(String::valueOf).collect(Collectors.joining("/"));
        return "delays " + shown + (delays.size() > 12 ? "/..." : "") + " ms";
    }

    // The ledger rows: decode, the steps up to (and including) lastStep, and encode when the run got that far.
    private List<UsageRecord> rows(int lastStep, String status, String error, long bytesOut, String encodeDetails) {
        List<UsageRecord> usage = new ArrayList<>();
        boolean decodeFailed = lastStep < 0;
        String decodeNote = String.format(Locale.ROOT, "%s %dx%d, %d frames (animation)", info.format(), info.width(), info.height(), frames);
        usage.add(UsageRecord.local("decode", 0, decodeFailed ? status : UsageRecord.OK, millis(decodeNanos), bytes.length,
                decodedBytes, decodeFailed ? error : null, decodeNote));
        for (int k = 0; k < Math.min(lastStep + 1, stepCount); k++) {
            boolean failedHere = k == lastStep;
            String note = stepNotes[k] == null ? null : stepNotes[k] + "; on each of " + frames + " frames";
            usage.add(UsageRecord.local(chain.steps().get(k).name(), k + 1, failedHere ? status : UsageRecord.OK, millis(stepNanos[k]),
                    stepBytesIn[k], stepBytesOut[k], failedHere ? error : null, note));
        }
        if (lastStep >= stepCount) {
            usage.add(UsageRecord.local("encode", stepCount + 1, status, millis(encodeNanos), bytes.length, bytesOut, error, encodeDetails));
        }
        return usage;
    }

    /** A failure at {@code step} ({@code stepIndex} -1 for decode, stepCount for encode), with the rows up to it. */
    private StepFailure fail(String step, int stepIndex, String reason, Throwable cause) {
        return new StepFailure(step, reason, cause, rows(stepIndex, UsageRecord.FAILED, reason, 0, null));
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
