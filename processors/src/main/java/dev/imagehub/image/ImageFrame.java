package dev.imagehub.image;

/**
 * Where the current pixels of a chain lie in the source image as displayed (EXIF orientation applied), and how big
 * they would be without shrink-on-load. Lets options written in source terms (a sidecar focus point, a crop in
 * pixels) still mean the same after a 1/2..1/8 decode, an earlier crop or a resize.
 *
 * @param sourceX      left edge of the current pixels, in displayed source pixels (may be negative after padding)
 * @param sourceY      top edge, likewise
 * @param sourceWidth  width the current pixels span in the source (NaN when unknown, see {@link #knowsSource})
 * @param sourceHeight height, likewise
 * @param logicalWidth the width the current image would have had at full decode: what pixel options refer to
 * @param logicalHeight likewise
 * @param pixelWidth   the width of the pixels this frame describes (displayed orientation)
 * @param pixelHeight  likewise
 */
public record ImageFrame(double sourceX, double sourceY, double sourceWidth, double sourceHeight,
                         int logicalWidth, int logicalHeight, int pixelWidth, int pixelHeight) {

    /** The frame right after decoding: the whole source, decoded at {@code decodedW x decodedH} in stored orientation. */
    public static ImageFrame decoded(ImageInfo source, int decodedW, int decodedH) {
        int w = source.orientationSwapsAxes() ? decodedH : decodedW;
        int h = source.orientationSwapsAxes() ? decodedW : decodedH;
        return new ImageFrame(0, 0, source.orientedWidth(), source.orientedHeight(), source.orientedWidth(), source.orientedHeight(), w, h);
    }

    /**
     * The recorded frame if it still describes {@code image} (whose pending EXIF {@code orientation} is not applied
     * yet). A step that changed the size without saying so leaves it stale: if the aspect ratio is unchanged it only
     * rescaled, otherwise where the pixels lie in the source is no longer known.
     */
    public static ImageFrame following(ImageFrame recorded, WorkingImage image, int orientation) {
        if (image == null) return recorded;
        boolean swap = orientation >= 5 && orientation <= 8;
        int w = swap ? image.height() : image.width();
        int h = swap ? image.width() : image.height();
        if (recorded != null && recorded.pixelWidth == w && recorded.pixelHeight == h) return recorded;
        if (recorded != null && recorded.knowsSource()
                && Math.abs((double) w / h - (double) recorded.pixelWidth / recorded.pixelHeight) < 0.01 * w / h) {
            return new ImageFrame(recorded.sourceX, recorded.sourceY, recorded.sourceWidth, recorded.sourceHeight, w, h, w, h);
        }
        return new ImageFrame(0, 0, Double.NaN, Double.NaN, w, h, w, h);
    }

    /** Whether source coordinates (a focus point) can be placed in the current pixels. */
    public boolean knowsSource() {
        return !Double.isNaN(sourceWidth);
    }

    /** Current pixels per logical pixel, horizontally (below 1 after a reduced decode). */
    public double scaleX() {
        return (double) pixelWidth / logicalWidth;
    }

    public double scaleY() {
        return (double) pixelHeight / logicalHeight;
    }

    /** A point in displayed source pixels, in current pixels (may lie outside the image). */
    public double[] toPixels(double sx, double sy) {
        return new double[] {(sx - sourceX) * pixelWidth / sourceWidth, (sy - sourceY) * pixelHeight / sourceHeight};
    }

    /** After keeping the rectangle {@code x, y, w, h} (current pixels), whose logical size is {@code logicalW x logicalH}. */
    public ImageFrame cropped(int x, int y, int w, int h, int logicalW, int logicalH) {
        double fx = sourceWidth / pixelWidth;
        double fy = sourceHeight / pixelHeight;
        return new ImageFrame(sourceX + x * fx, sourceY + y * fy, w * fx, h * fy, logicalW, logicalH, w, h);
    }

    /** After scaling the current pixels to {@code w x h}: the same part of the source, now at its final size. */
    public ImageFrame scaled(int w, int h) {
        return new ImageFrame(sourceX, sourceY, sourceWidth, sourceHeight, w, h, w, h);
    }

    /** After placing the {@code innerW x innerH} pixels at {@code left, top} on a {@code canvasW x canvasH} canvas. */
    public ImageFrame padded(int left, int top, int innerW, int innerH, int canvasW, int canvasH) {
        double fx = sourceWidth / innerW;
        double fy = sourceHeight / innerH;
        return new ImageFrame(sourceX - left * fx, sourceY - top * fy, canvasW * fx, canvasH * fy, canvasW, canvasH, canvasW, canvasH);
    }
}
