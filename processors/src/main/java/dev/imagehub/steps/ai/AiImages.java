package dev.imagehub.steps.ai;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.image.BadImageException;
import dev.imagehub.image.EncodeSettings;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageEncoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiOutput;
import dev.imagehub.wavespeed.ModelSpec;

/** Turns the working image into an upload and an image output back into the working image. */
final class AiImages {
    /** Formats every WaveSpeed image model reads, so the original file can be sent as it is. */
    private static final Set<ImageFormat> SENDABLE = EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.WEBP);
    private static final int JPEG_QUALITY = 95;

    private AiImages() {
    }

    /**
     * The image to send: the original file while no step changed its pixels (best quality, and a second run hits the
     * upload cache), else the current pixels, upright, as PNG when they have transparency or came from a lossless
     * format, otherwise as JPEG quality 95.
     */
    static AiInput current(StepContext ctx) throws IOException {
        String stem = stem(ctx.fileName());
        byte[] original = ctx.untouchedSource();
        if (original != null && ctx.orientation() == 1 && SENDABLE.contains(ctx.source().format())) {
            return AiInput.of(original, stem + "." + ctx.source().format().extension());
        }
        if (ctx.orientation() != 1) {
            // the API reads pixels, not our pending EXIF tag: turn them upright first, as autoOrient would
            Orientation.apply(ctx.image(), ctx.orientation());
            ctx.orientation(1);
        }
        ImageFormat source = ctx.source().format();
        boolean lossy = source == ImageFormat.JPEG || source == ImageFormat.AVIF || source == ImageFormat.WEBP || source == ImageFormat.HEIF;
        boolean lossless = ctx.image().hasAlpha() || !lossy;
        EncodeSettings s = new EncodeSettings();
        s.quality(JPEG_QUALITY);
        ImageFormat format = lossless ? ImageFormat.PNG : ImageFormat.JPEG;
        byte[] bytes = ImageEncoder.encode(ctx.image(), format, s, null, null);
        return AiInput.of(bytes, stem + "." + format.extension());
    }

    /** Decodes an image output (at full size, upright), or says which model returned something that is not an image. */
    static WorkingImage decode(AiOutput output, ModelSpec model) {
        if (output.isText()) {
            throw new IllegalStateException("model " + model.id() + " returned text where an image was expected: " + output.text());
        }
        try {
            ImageInfo info = ImageProbe.probe(output.bytes());
            WorkingImage image = ImageDecoder.decode(output.bytes(), info, 1);
            if (info.orientation() != 1) Orientation.apply(image, info.orientation());
            return image;
        } catch (BadImageException e) {
            throw new IllegalStateException("model " + model.id() + " returned an output that is not a readable image ("
                    + e.getMessage() + "); the original is kept", e);
        }
    }

    /** The first output, which must exist. */
    static AiOutput first(java.util.List<AiOutput> outputs, ModelSpec model) {
        if (outputs.isEmpty()) throw new IllegalStateException("model " + model.id() + " finished without any output");
        return outputs.get(0);
    }

    /**
     * A file a chain names for a model (a face, a mask, a reference picture) as the API takes it: JPEG, PNG and WebP
     * as they are; a HEIC or AVIF from a phone as JPEG quality 95 (PNG with transparency), upright and in sRGB. The
     * error names the file, the option and the step.
     */
    static AiInput sendableFile(byte[] bytes, String fileName, String option, String step) throws IOException {
        ImageFormat format;
        try {
            format = ImageFormat.sniff(bytes);
        } catch (BadImageException e) {
            return AiInput.of(bytes, fileName);   // audio, video, or a file the model itself will judge
        }
        if (format != ImageFormat.HEIF && format != ImageFormat.AVIF) return AiInput.of(bytes, fileName);
        try {
            ImageInfo info = ImageProbe.probe(bytes);
            try (WorkingImage image = ImageDecoder.decode(bytes, info, 1)) {
                if (info.orientation() != 1) Orientation.apply(image, info.orientation());
                byte[] icc = info.icc();
                if (icc != null && dev.imagehub.image.ColorManagement.isUsable(icc) && !dev.imagehub.image.ColorManagement.isSrgb(icc)) {
                    dev.imagehub.image.ColorManagement.toSrgb(image, icc);
                }
                EncodeSettings s = new EncodeSettings();
                s.quality(JPEG_QUALITY);
                ImageFormat out = image.hasAlpha() ? ImageFormat.PNG : ImageFormat.JPEG;
                return AiInput.of(ImageEncoder.encode(image, out, s, null, null), stem(fileName) + "." + out.extension());
            }
        } catch (BadImageException e) {
            throw new IOException("the file '" + fileName + "' (option " + option + " of step " + step + ") cannot be read: " + e.getMessage(), e);
        }
    }

    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String s = dot > 0 ? fileName.substring(0, dot) : fileName;
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
