package dev.imagehub.image;

/**
 * What the hub knows about a source image before decoding it: format, stored size, EXIF orientation and the raw
 * metadata blocks it may carry over to the output.
 *
 * @param width       stored width in pixels (before orientation is applied)
 * @param height      stored height in pixels
 * @param orientation EXIF orientation 1..8 (1 = as stored)
 * @param exif        TIFF-structured EXIF block, or null
 * @param icc         embedded ICC profile, or null
 * @param components  colour components (JPEG: 1 grey, 3 YCbCr, 4 CMYK/YCCK); 0 when unknown
 */
public record ImageInfo(ImageFormat format, int width, int height, int orientation, byte[] exif, byte[] icc, int components) {

    public long megapixels100() {
        return (long) width * height / 10_000;
    }

    public double megapixels() {
        return (double) width * height / 1e6;
    }

    /** Whether orientation 5..8 swaps width and height when applied. */
    public boolean orientationSwapsAxes() {
        return orientation >= 5;
    }

    public int orientedWidth() {
        return orientationSwapsAxes() ? height : width;
    }

    public int orientedHeight() {
        return orientationSwapsAxes() ? width : height;
    }
}
