package dev.imagehub.intake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.imagehub.HubServices;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.JobScope;
import dev.imagehub.chain.StepFailure;
import dev.imagehub.image.BadImageException;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.ledger.UsageRecord;

/**
 * One image file through a chain as every intake runs it (hot folders, mail, batch rows): probed from its header,
 * refused above the megapixel limit before any decoding (decompression bombs), run under a worst-case reservation of
 * the shared memory budget, with the probe as the first ledger row.
 */
public final class GuardedRun {
    // working memory per decoded pixel: 4 channels, and about three full-size copies alive at once in a step
    private static final int BYTES_PER_PIXEL = 4 * 3;

    private GuardedRun() {
    }

    /** The refusal of a file above {@code hub.maxFileMegabytes}, which is never read. */
    public static StepFailure tooLarge(HubServices hub, long size) {
        String reason = String.format(Locale.ROOT, "the file is %.0f MB; the limit is %d MB (hub.maxFileMegabytes)",
                size / 1e6, hub.settings().maxFileBytes() / 1_000_000);
        return new StepFailure("probe", reason, null, List.of(UsageRecord.local("probe", 0, UsageRecord.FAILED, 0, size, 0, reason, null)));
    }

    /**
     * Runs {@code chain} over the held file's bytes; {@code sidecar} holds the per-file values (a sidecar JSON, a batch
     * row's options). The file's reservation grows to its working memory before decoding.
     */
    public static ChainResult run(HubServices hub, ChainDefinition chain, String name, HeldFile held, Map<String, Object> sidecar,
                                  JobScope scope) throws StepFailure, InterruptedException, IOException {
        long start = System.nanoTime();
        ImageInfo info;
        try {
            info = ImageProbe.probe(held.bytes());
            if (info.megapixels() > hub.settings().maxMegapixels()) {
                throw new BadImageException(String.format(Locale.ROOT, "the image is %dx%d (%.1f megapixels); the limit is %d megapixels "
                        + "(hub.maxMegapixels), which protects the hub from decompression bombs", info.width(), info.height(),
                        info.megapixels(), hub.settings().maxMegapixels()));
            }
        } catch (BadImageException e) {
            throw new StepFailure("probe", e.getMessage(), e, List.of(UsageRecord.local("probe", 0, UsageRecord.FAILED,
                    (System.nanoTime() - start) / 1_000_000, held.size(), 0, e.getMessage(), null)));
        }
        UsageRecord probe = UsageRecord.local("probe", -1, UsageRecord.OK, (System.nanoTime() - start) / 1_000_000, held.size(), 0, null,
                String.format(Locale.ROOT, "%s %dx%d", info.format(), info.width(), info.height()));
        held.reserve(held.size() + workingMemory(chain, info));
        try {
            ChainResult result = ChainRunner.run(chain, name, held.bytes(), info, sidecar, scope);
            return new ChainResult(result.outputs(), withProbe(probe, result.usage()), result.appends());
        } catch (StepFailure f) {
            throw new StepFailure(f.step(), f.getMessage(), f.getCause(), withProbe(probe, f.usage()));
        }
    }

    /** Bytes a chain may need for an image, from its header: the pixels as decoded (with shrink-on-load) and copies. */
    static long workingMemory(ChainDefinition chain, ImageInfo info) {
        int r = ChainRunner.plannedReduction(chain, info);
        long w = (info.width() + r - 1) / r;
        long h = (info.height() + r - 1) / r;
        return w * h * BYTES_PER_PIXEL;
    }

    private static List<UsageRecord> withProbe(UsageRecord probe, List<UsageRecord> rest) {
        List<UsageRecord> all = new ArrayList<>();
        all.add(probe);
        all.addAll(rest);
        return all;
    }
}
