package dev.imagehub.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.imagehub.image.heif.HeifImage;

/**
 * Reads an image's header (never its pixels) so that size limits, shrink-on-load and metadata decisions are made
 * before any memory is committed to decoding. This is the decompression-bomb guard.
 */
public final class ImageProbe {
    private ImageProbe() {
    }

    public static ImageInfo probe(byte[] bytes) throws BadImageException {
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == ImageFormat.JPEG) {
            JpegStructure s = JpegStructure.parse(bytes);
            if (!s.complete()) {
                throw new BadImageException("the JPEG file is truncated: its image data stops before the end marker "
                        + "(an interrupted copy or upload?)");
            }
            int orientation = s.exif() == null ? 1 : ExifOrientation.read(s.exif());
            return new ImageInfo(format, s.width(), s.height(), orientation, s.exif(), s.icc(), s.components());
        }
        if (format == ImageFormat.AVIF) {
            AvifHeader avif = AvifHeader.parse(bytes);
            // the decoder applies irot/imir, so the image the chain gets is upright: report that size
            boolean swap = avif.orientation() >= 5;
            return new ImageInfo(format, swap ? avif.height() : avif.width(), swap ? avif.width() : avif.height(), 1, null, avif.icc(), 0);
        }
        if (format == ImageFormat.HEIF) {
            // like AVIF, the decoder applies irot/imir: the size reported is the upright one, the EXIF says orientation 1
            HeifImage heif = HeifImage.parse(bytes);
            return new ImageInfo(format, heif.width(), heif.height(), 1, heif.exif(), heif.colourProfile(), 0);
        }
        int[] size = headerSize(bytes, format);
        int frames = Animations.frameCount(bytes, format);
        if (format == ImageFormat.GIF && frames > 1) {
            // an animation's canvas is the GIF's logical screen, which may be larger than its first frame
            size[0] = Math.max(size[0], (bytes[6] & 0xFF) | (bytes[7] & 0xFF) << 8);
            size[1] = Math.max(size[1], (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8);
        }
        // an animation is decoded frame by frame, but its frames together are what a bomb would inflate
        Animations.checkSize(frames, size[0], size[1], format);
        SourceMetadata.Found meta = SourceMetadata.read(bytes, format);   // PNG and WebP carry EXIF and ICC in chunks
        return new ImageInfo(format, size[0], size[1], meta.orientation(), meta.exif(), meta.icc(), 0);
    }

    private static int[] headerSize(byte[] bytes, ImageFormat format) throws BadImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new BadImageException("no reader for " + format + " is installed");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) throw new BadImageException("the " + format + " header declares an empty image (" + w + "x" + h + ")");
                return new int[] {w, h};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new BadImageException(String.format(Locale.ROOT, "the %s header cannot be read: the file is damaged or truncated (%s)",
                    format, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }
}
