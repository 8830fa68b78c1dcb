package dev.imagehub.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.imagehub.config.ByteSize;

/**
 * The chain's final encode, with the compression choices that need trial encodes: a byte budget ({@code maxBytes})
 * met by a binary search for the highest quality that fits, shrinking step by step when even the quality floor does
 * not fit and that is allowed; {@code format: auto}, which keeps the smallest candidate; and palette PNGs. Every trial
 * goes through {@link ImageEncoder#encode} with the quality set in the settings, so any format with a quality (JPEG,
 * WebP, AVIF) is searched the same way.
 */
public final class BudgetEncoder {
    /** Formats whose size follows a 1-100 quality; matched by name because AVIF arrives from another part of the hub. */
    static final Set<String> QUALITY_FORMATS = Set.of("JPEG", "WEBP", "AVIF");
    /** Each downscale round keeps at most this share of the width and height. */
    static final double DOWNSCALE_STEP = 0.85;
    /**
     * When the first encode is this many times the budget, the floor is tried next, so that a search quality alone
     * cannot win stops after 2 encodes instead of 7. On the corpus at 1600 px, JPEG q85 was at most 4.3 times JPEG q40
     * (mean 2.7) and WebP q80 at most 2.8 times WebP q40, so this almost never costs the extra encode.
     */
    static final double FAR_OVER = 4.0;
    /** Downscaling gives up below this many pixels on the shorter side. */
    static final int MIN_SIDE = 16;

    private final EncodeSettings settings;
    private final byte[] exif;
    private final byte[] icc;
    private final Integer configuredQuality;
    private final Long budget;
    private final List<String> notes = new ArrayList<>();
    private int encodes;

    private BudgetEncoder(EncodeSettings settings, byte[] exif, byte[] icc) {
        this.settings = settings;
        this.exif = exif;
        this.icc = icc;
        this.configuredQuality = settings.quality();
        this.budget = settings.maxBytes();
    }

    /**
     * The encoded output and what was chosen; {@code details} (format choice, quality, encodes, saving) goes to the
     * ledger row.
     */
    public record Result(byte[] bytes, ImageFormat format, Integer quality, int encodes, String details) {
    }

    /** The output's budget could not be met; the message says what size was reached and what the user can change. */
    public static final class BudgetMissed extends IllegalArgumentException {
        private final long reachedBytes;

        BudgetMissed(String message, long reachedBytes) {
            super("step 'compress', option 'maxBytes': " + message);
            this.reachedBytes = reachedBytes;
        }

        /** The smallest output the allowed settings produced. */
        public long reachedBytes() { return reachedBytes; }
    }

    /** One trial encode. A null quality means the format's default. */
    record Trial(ImageFormat format, Integer quality, byte[] bytes) {
        int size() { return bytes.length; }
    }

    /**
     * Encodes {@code image} as {@code format} (or the best of {@code settings.autoFormats()}) within
     * {@code settings.maxBytes()}. When the image had to shrink to fit, its pixels are replaced by the smaller ones.
     * The chosen quality is left in {@code settings}, so extra outputs are written alike.
     *
     * @param sourceBytes the size of the dropped file, for the saving reported in the details
     */
    public static Result encode(WorkingImage image, ImageFormat format, EncodeSettings settings, byte[] exif, byte[] icc,
                                long sourceBytes) throws IOException {
        BudgetEncoder run = new BudgetEncoder(settings, exif, icc);
        Trial chosen;
        try {
            chosen = settings.autoFormats().isEmpty() ? run.fitFormat(image, format, null) : run.auto(image);
        } catch (RuntimeException | IOException e) {
            settings.quality(run.configuredQuality);
            throw e;
        }
        settings.quality(chosen.quality() != null ? chosen.quality() : run.configuredQuality);
        run.notes.add(saving(sourceBytes, chosen.size()));
        return new Result(chosen.bytes(), chosen.format(), chosen.quality(), run.encodes, String.join("; ", run.notes));
    }

    private Trial trial(WorkingImage image, ImageFormat format, Integer quality) throws IOException {
        settings.quality(quality);
        encodes++;
        byte[] bytes;
        if (format == ImageFormat.PNG && settings.paletteColors() != null) {
            PaletteQuantizer.Indexed indexed = PaletteQuantizer.quantize(image.mat(), settings.paletteColors(), settings.paletteDither());
            bytes = IndexedPngWriter.write(indexed, settings.pngLevel());
        } else {
            bytes = ImageEncoder.encode(image, format, settings, exif, icc);
        }
        return new Trial(format, quality, bytes);
    }

    private boolean fits(Trial t) {
        return budget == null || t.size() <= budget;
    }

    private boolean tunable(ImageFormat f) {
        // lossless WebP/AVIF has no quality to trade; JPEG has no lossless mode, so the flag leaves it tunable
        return QUALITY_FORMATS.contains(f.name()) && !(Boolean.TRUE.equals(settings.lossless()) && f != ImageFormat.JPEG);
    }

    /** The quality the search starts below: the configured one, else the quality the encoder uses by default. */
    private int ceiling(ImageFormat f) {
        if (configuredQuality != null) return configuredQuality;
        if (f == ImageFormat.JPEG) return EncodeSettings.DEFAULT_JPEG_QUALITY;
        if (f == ImageFormat.WEBP) return EncodeSettings.DEFAULT_WEBP_QUALITY;
        return 100; // a format whose default is not known here: the search only finds qualities that fit anyway
    }

    private int floor(ImageFormat f) {
        return Math.min(settings.minQuality(), ceiling(f));
    }

    /** The highest quality of {@code format} that fits, shrinking the image if allowed; {@code probe}: a known first trial. */
    private Trial fitFormat(WorkingImage image, ImageFormat format, Trial probe) throws IOException {
        Fit fit = fitQuality(image, format, probe);
        if (fit.best() != null) {
            describe(fit.best(), fit.searched());
            return fit.best();
        }
        if (!settings.downscaleToFit()) throw missed(fit.floor(), null);
        return downscale(image, format, fit.floor());
    }

    /** The best trial that fits (or null) and the trial at the quality floor, the smallest this size can get. */
    private record Fit(Trial best, Trial floor, String searched) {
    }

    private Fit fitQuality(WorkingImage image, ImageFormat format, Trial probe) throws IOException {
        Trial top = probe != null ? probe : trial(image, format, configuredQuality);
        if (fits(top) || !tunable(format)) return fits(top) ? new Fit(top, null, null) : new Fit(null, top, null);
        int floor = floor(format);
        int ceiling = ceiling(format);
        if (ceiling <= floor) return new Fit(null, top, null);
        int lo = floor;
        Trial best = null;
        Trial floorTrial = null;
        if (top.size() > FAR_OVER * budget) {
            floorTrial = trial(image, format, floor);
            if (!fits(floorTrial)) return new Fit(null, floorTrial, null);
            best = floorTrial;
            lo = floor + 1;
        }
        return search(image, format, lo, ceiling - 1, best, floorTrial, floor + "-" + (ceiling - 1));
    }

    /**
     * Binary search for the highest quality in [lo, hi] that fits, on top of {@code best} (a fitting trial below lo, or
     * null). When nothing fits, the last trial is at lo, which is then the floor's size.
     */
    private Fit search(WorkingImage image, ImageFormat format, int lo, int hi, Trial best, Trial floorTrial, String range)
            throws IOException {
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Trial t = trial(image, format, mid);
            if (fits(t)) {
                best = t;
                lo = mid + 1;
            } else {
                hi = mid - 1;
                if (mid == floor(format)) floorTrial = t;
            }
        }
        return new Fit(best, floorTrial, range);
    }

    /** Shrinks the image step by step until the floor fits, then searches the quality at that size. */
    private Trial downscale(WorkingImage image, ImageFormat format, Trial overAtFloor) throws IOException {
        int width = image.width();
        int height = image.height();
        double scale = 1;
        Trial over = overAtFloor;
        String overSize = width + "x" + height; // the size at which "over" was measured
        int rounds = 0;
        while (true) {
            // at most DOWNSCALE_STEP per round; far over the budget, jump to where the pixel count says it could fit
            scale *= Math.min(DOWNSCALE_STEP, 0.95 * Math.sqrt((double) budget / over.size()));
            int w = Math.max(1, (int) Math.round(width * scale));
            int h = Math.max(1, (int) Math.round(height * scale));
            if (Math.min(w, h) < MIN_SIDE) throw missed(over, overSize);
            rounds++;
            WorkingImage smaller = new WorkingImage(Resampler.resize(image.mat(), w, h));
            boolean kept = false;
            try {
                Integer floorQuality = tunable(format) ? floor(format) : configuredQuality;
                Trial atFloor = trial(smaller, format, floorQuality);
                if (!fits(atFloor)) {
                    over = atFloor;
                    overSize = w + "x" + h;
                    continue;
                }
                Trial best = atFloor;
                String range = null;
                if (tunable(format) && floor(format) < ceiling(format)) {
                    Fit fit = search(smaller, format, floor(format) + 1, ceiling(format), atFloor, atFloor, floor(format) + "-" + ceiling(format));
                    best = fit.best();
                    range = fit.searched();
                }
                notes.add(String.format(Locale.ROOT, "downscaled %dx%d -> %dx%d in %d round%s to fit", width, height, w, h,
                        rounds, rounds == 1 ? "" : "s"));
                image.replace(smaller.mat());
                kept = true;
                describe(best, range);
                return best;
            } finally {
                if (!kept) smaller.close();
            }
        }
    }

    /** Encodes every candidate at the same settings and keeps the smallest that fits; searches quality when none does. */
    private Trial auto(WorkingImage image) throws IOException {
        List<ImageFormat> candidates = settings.autoFormats();
        if (image.hasAlpha() && !image.alphaIsOpaque()) {
            List<ImageFormat> withAlpha = candidates.stream().filter(ImageFormat::supportsAlpha).toList();
            if (!withAlpha.isEmpty() && withAlpha.size() < candidates.size()) {
                notes.add("transparent image: only " + names(withAlpha) + " keep alpha");
                candidates = withAlpha;
            }
        }
        List<Trial> probes = new ArrayList<>();
        for (ImageFormat f : candidates) probes.add(trial(image, f, configuredQuality));
        probes.sort(Comparator.comparingInt(Trial::size));
        String sizes = probes.stream().map(t -> t.format() + " " + size(t.size())).collect(Collectors.joining(", "));
        String at = configuredQuality == null ? "default quality" : "quality " + configuredQuality;
        for (Trial t : probes) {
            if (fits(t)) {
                notes.add("auto: " + sizes + " at " + at + " -> " + t.format());
                describe(t, null);
                return t;
            }
        }
        notes.add("auto: " + sizes + " at " + at + ", none within " + size(budget));
        List<Trial> floors = new ArrayList<>();
        for (Trial probe : probes) {
            Fit fit = fitQuality(image, probe.format(), probe);
            if (fit.best() != null) {
                notes.add("auto -> " + probe.format());
                describe(fit.best(), fit.searched());
                return fit.best();
            }
            floors.add(fit.floor());
        }
        floors.sort(Comparator.comparingInt(Trial::size));
        Trial smallest = floors.get(0);
        if (settings.downscaleToFit()) {
            notes.add("auto -> " + smallest.format());
            return downscale(image, smallest.format(), smallest);
        }
        String all = floors.stream().map(t -> t.format() + " " + size(t.size())
                + (t.quality() != null ? " at quality " + t.quality() : "")).collect(Collectors.joining(", "));
        throw new BudgetMissed("no format fits the " + size(budget) + " budget (" + all
                + "); allow downscale: true, lower minQuality or raise maxBytes", smallest.size());
    }

    private void describe(Trial t, String searched) {
        String quality = t.quality() != null ? "quality " + t.quality()
                : tunable(t.format()) ? "default quality" : null;
        if (budget == null) {
            if (quality != null) notes.add(quality);
            return;
        }
        StringBuilder sb = new StringBuilder("maxBytes ").append(size(budget)).append(": ");
        if (quality != null) sb.append(quality).append(", ");
        sb.append(size(t.size())).append(" after ").append(encodes).append(encodes == 1 ? " encode" : " encodes");
        if (searched != null) sb.append(" (searched ").append(searched).append(')');
        notes.add(sb.toString());
    }

    private BudgetMissed missed(Trial floor, String shrunkTo) {
        String what = floor.format() == ImageFormat.PNG && settings.paletteColors() != null
                ? "the " + settings.paletteColors() + "-colour PNG" : "the " + floor.format();
        String sizes = over(floor.size());
        if (shrunkTo != null) {
            return new BudgetMissed("even at " + shrunkTo + " px" + (floor.quality() != null ? " and quality " + floor.quality() : "")
                    + " " + what + " is " + sizes + "; raise maxBytes", floor.size());
        }
        if (tunable(floor.format())) {
            return new BudgetMissed("at quality " + floor.quality() + " " + what + " is " + sizes
                    + "; allow downscale: true, lower minQuality or raise maxBytes", floor.size());
        }
        String advice = floor.format() != ImageFormat.PNG ? "allow downscale: true, convert to webp or jpeg, or raise maxBytes"
                : settings.paletteColors() == null ? "add palette: 256, allow downscale: true, convert to webp or jpeg, or raise maxBytes"
                : "use fewer palette colours, allow downscale: true, convert to webp or jpeg, or raise maxBytes";
        String why = Boolean.TRUE.equals(settings.lossless()) && QUALITY_FORMATS.contains(floor.format().name())
                ? "lossless " + floor.format() + " has no quality to lower" : floor.format() + " has no quality to lower";
        return new BudgetMissed(what + " is " + sizes + ", and " + why + "; " + advice, floor.size());
    }

    private static String saving(long before, long after) {
        if (before <= 0) return "output " + size(after);
        double change = 100.0 * (before - after) / before;
        String how = change >= 0 ? String.format(Locale.ROOT, "saved %.0f%%", change) : String.format(Locale.ROOT, "grew %.0f%%", -change);
        return how + " (" + size(before) + " -> " + size(after) + ")";
    }

    /** A size as people read it. */
    static String size(long bytes) {
        return new ByteSize(bytes).toString();
    }

    /** "312 KB, over the 200 KB budget", in exact bytes when rounding would make the two look equal. */
    private String over(long reached) {
        String r = size(reached);
        String b = size(budget);
        if (r.equals(b)) {
            r = reached + " bytes";
            b = budget + " bytes";
        }
        return r + ", over the " + b + " budget";
    }

    private static String names(List<ImageFormat> formats) {
        return formats.stream().map(Enum::name).collect(Collectors.joining(", "));
    }
}
