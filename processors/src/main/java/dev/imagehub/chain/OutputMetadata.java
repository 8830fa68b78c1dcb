package dev.imagehub.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.imagehub.image.ColorManagement;
import dev.imagehub.image.ColorPolicy;
import dev.imagehub.image.EmbeddedMetadata;
import dev.imagehub.image.EncodeSettings;
import dev.imagehub.image.ExifRewriter;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.MetadataPolicy;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.SourceMetadata;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.image.XmpPacket;

/**
 * Decides, just before encoding, what the output carries under the chain's metadata and colour policies: converts the
 * final pixels to sRGB when the source profile is not kept, rebuilds EXIF and XMP for the policy, and turns the pixels
 * upright whenever no written orientation tag would tell a viewer to. With the policy {@code none} and an untagged
 * upright source nothing is parsed at all.
 */
public final class OutputMetadata {
    private OutputMetadata() {
    }

    /** What to embed in the output, and what was done, for the ledger. */
    public record Prepared(EmbeddedMetadata embed, List<String> notes) {
    }

    /**
     * Prepares the output of {@code ctx} in {@code format}; {@code source} is the original file, read again only for
     * its XMP packet when the policy keeps XMP.
     */
    public static Prepared prepare(StepContext ctx, ImageFormat format, byte[] source) {
        EncodeSettings s = ctx.encode();
        if (s.metadata() == MetadataPolicy.STRIP && ctx.icc() == null && ctx.orientation() == 1) {
            return new Prepared(EmbeddedMetadata.NONE, List.of());      // the hot path: nothing to read or convert
        }
        List<String> notes = new ArrayList<>();
        boolean carries = EmbeddedMetadata.carriedBy(format);
        byte[] icc = colour(ctx, format, carries, notes);
        byte[] exif = null;
        byte[] xmp = null;
        MetadataPolicy policy = s.metadata();
        if (policy != MetadataPolicy.STRIP && !carries) {
            if (ctx.exif() != null) notes.add(format + " cannot carry metadata: EXIF and XMP dropped");
        } else if (policy != MetadataPolicy.STRIP) {
            exif = exif(ctx, format, notes);
        }
        if (ctx.orientation() != 1 && (exif == null || policy != MetadataPolicy.ALL)) {
            // no tag will tell a viewer to rotate, so the pixels must be upright
            int o = ctx.orientation();
            Orientation.apply(ctx.image(), o);
            ctx.orientation(1);
            notes.add("applied EXIF orientation " + o + " to the pixels because the output carries no orientation tag");
        }
        if (policy != MetadataPolicy.STRIP && carries) xmp = xmp(ctx, format, source, notes);
        return new Prepared(new EmbeddedMetadata(exif, icc, xmp), notes);
    }

    /**
     * Converts an extra output (comparison, preview) to sRGB like the main one; extras carry no profile, so without this
     * a Display P3 source would show dull colours in them.
     */
    public static void toSrgb(StepContext ctx, WorkingImage extra) {
        byte[] icc = ctx.icc();
        if (icc == null || extra.channels() == 1 || !ColorManagement.space(icc).equals("RGB ")) return;
        if (ColorManagement.isUsable(icc) && !ColorManagement.isSrgb(icc)) ColorManagement.toSrgb(extra, icc);
    }

    // Returns the profile to embed (or null), converting the pixels to sRGB when the source profile is not kept.
    private static byte[] colour(StepContext ctx, ImageFormat format, boolean carries, List<String> notes) {
        byte[] icc = ctx.icc();
        if (icc == null) return null;
        EncodeSettings s = ctx.encode();
        boolean keep = s.color() == ColorPolicy.KEEP;
        String space = ColorManagement.space(icc);
        WorkingImage image = ctx.image();
        if (space.equals("CMYK")) {
            // the decoder already read the pixels through this profile (or, without one, by formula): they are RGB now
            if (keep) notes.add("the CMYK profile cannot describe RGB output: colours converted to sRGB at decode instead");
            return null;
        }
        if (!ColorManagement.isUsable(icc)) {
            notes.add("the embedded colour profile is damaged: dropped, pixels left as they are");
            return null;
        }
        boolean keepsAll = s.metadata() == MetadataPolicy.ALL;
        if (image.channels() == 1 || !space.equals("RGB ")) {
            boolean fits = image.channels() == 1 && space.equals("GRAY");
            if (fits && carries && (keep || keepsAll)) return icc;
            notes.add(ColorManagement.describe(icc) + " profile dropped (it does not fit "
                    + (image.channels() == 1 ? "grey" : "colour") + " output or " + format + " has no place for it)");
            return null;
        }
        if (ColorManagement.isSrgb(icc)) return carries && (keep || keepsAll) ? icc : null;
        String name = ColorManagement.describe(icc);
        if (keep && carries) {
            notes.add("kept the " + name + " profile (pixels not converted)");
            return icc;
        }
        long start = System.nanoTime();
        try {
            ColorManagement.toSrgb(image, icc);
        } catch (IllegalArgumentException e) {
            // the colour engine refused the profile: deliver the image as decoded rather than fail the file
            notes.add(e.getMessage() + "; profile dropped, pixels left as they are");
            return null;
        }
        notes.add(String.format(Locale.ROOT, "converted %s to sRGB in %d ms%s", name, (System.nanoTime() - start) / 1_000_000,
                keep ? " because " + format + " cannot carry a profile" : ""));
        return null;
    }

    private static byte[] exif(StepContext ctx, ImageFormat format, List<String> notes) {
        if (ctx.exif() == null) return null;
        EncodeSettings s = ctx.encode();
        int orientation = s.metadata() == MetadataPolicy.ALL ? ctx.orientation() : 1;
        byte[] exif;
        try {
            exif = ExifRewriter.rewrite(ctx.exif(), new ExifRewriter.Target(s.metadata(), s.gps(), orientation,
                    ctx.image().width(), ctx.image().height()));
        } catch (IllegalArgumentException e) {
            notes.add("EXIF dropped: " + e.getMessage());
            return null;
        }
        if (exif == null) {
            if (s.metadata() == MetadataPolicy.COPYRIGHT) notes.add("the source EXIF has no Copyright or Artist: no EXIF written");
            return null;
        }
        if (format == ImageFormat.JPEG && exif.length > EmbeddedMetadata.JPEG_MAX_EXIF) {
            notes.add("EXIF dropped: " + exif.length + " bytes do not fit one JPEG segment");
            return null;
        }
        notes.add(s.metadata() == MetadataPolicy.COPYRIGHT ? "kept Copyright and Artist only"
                : "kept EXIF (" + exif.length + " bytes, rebuilt without thumbnail or MakerNote" + (s.gps() ? "" : ", GPS removed") + ")");
        return exif;
    }

    private static byte[] xmp(StepContext ctx, ImageFormat format, byte[] source, List<String> notes) {
        byte[] packet = source == null ? null : SourceMetadata.xmp(source, ctx.source().format());
        if (packet == null) return null;
        EncodeSettings s = ctx.encode();
        byte[] out;
        try {
            out = XmpPacket.forPolicy(packet, s.metadata(), s.gps(), ctx.orientation());
        } catch (IllegalArgumentException e) {
            notes.add("XMP dropped: " + e.getMessage());
            return null;
        }
        if (out == null) return null;
        if (format == ImageFormat.JPEG && out.length > EmbeddedMetadata.JPEG_MAX_XMP) {
            notes.add("XMP dropped: " + out.length + " bytes do not fit one JPEG segment");
            return null;
        }
        notes.add(s.metadata() == MetadataPolicy.COPYRIGHT ? "kept XMP dc:rights and dc:creator only"
                : "kept XMP" + (s.gps() ? "" : " without GPS"));
        return out;
    }
}
