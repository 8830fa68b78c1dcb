package dev.imagehub.intake;

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
 * refused above the size and megapixel limits before any decoding (decompression bombs), run under a worst-case
 * reservation of the shared memory budget, with the probe as the first ledger row.
 */
public final class GuardedRun {
    private GuardedRun() {
    }

    /**
     * Runs {@code chain} over {@code bytes} ({@code null} when the file of {@code size} bytes was too large to read);
     * {@code sidecar} holds the per-file values (a sidecar JSON, a batch row's options).
     */
    public static ChainResult run(HubServices hub, ChainDefinition chain, String name, byte[] bytes, long size, Map<String, Object> sidecar,
                                  JobScope scope) throws StepFailure, InterruptedException {
        long start = System.nanoTime();
        ImageInfo info;
        try {
            if (bytes == null) {
                throw new BadImageException(String.format(Locale.ROOT, "the file is %.0f MB; the limit is %d MB (hub.maxFileMegabytes)",
                        size / 1e6, hub.settings().maxFileBytes() / 1_000_000));
            }
            info = ImageProbe.probe(bytes);
            if (info.megapixels() > hub.settings().maxMegapixels()) {
                throw new BadImageException(String.format(Locale.ROOT, "the image is %dx%d (%.1f megapixels); the limit is %d megapixels "
                        + "(hub.maxMegapixels), which protects the hub from decompression bombs", info.width(), info.height(),
                        info.megapixels(), hub.settings().maxMegapixels()));
            }
        } catch (BadImageException e) {
            throw new StepFailure("probe", e.getMessage(), e, List.of(UsageRecord.local("probe", 0, UsageRecord.FAILED,
                    (System.nanoTime() - start) / 1_000_000, size, 0, e.getMessage(), null)));
        }
        UsageRecord probe = UsageRecord.local("probe", -1, UsageRecord.OK, (System.nanoTime() - start) / 1_000_000, size, 0, null,
                String.format(Locale.ROOT, "%s %dx%d", info.format(), info.width(), info.height()));
        // reserve working memory for the worst case (full decode, 4 channels, a few copies) before touching pixels
        long estimate = (long) info.width() * info.height() * 4 * 3 + size;
        try (MemoryBudget.Reservation r = hub.memory().reserve(estimate)) {
            ChainResult result = ChainRunner.run(chain, name, bytes, info, sidecar, scope);
            return new ChainResult(result.outputs(), withProbe(probe, result.usage()), result.appends());
        } catch (StepFailure f) {
            throw new StepFailure(f.step(), f.getMessage(), f.getCause(), withProbe(probe, f.usage()));
        }
    }

    private static List<UsageRecord> withProbe(UsageRecord probe, List<UsageRecord> rest) {
        List<UsageRecord> all = new ArrayList<>();
        all.add(probe);
        all.addAll(rest);
        return all;
    }
}
