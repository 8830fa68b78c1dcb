package dev.imagehub.image;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_CL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_NCL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_FCC;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE240M;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_BT2020;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_FCC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_SMPTE240M;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/**
 * Turns a decoded YUV picture from FFmpeg (AVIF, HEIF) into 8-bit BGR, or an alpha plane into grey, with the matrix and
 * range the file declares. JavaCV's own conversion ignores both: a full-range picture (what avifenc and phones write)
 * would come out with washed-out contrast.
 */
public final class YuvFrames {
    /** Take the matrix or range from the decoded picture itself. */
    public static final int FROM_PICTURE = -1;

    private YuvFrames() {
    }

    /** Colour: the picture's own matrix and range. */
    public static Mat bgr(AVFrame picture) throws BadImageException {
        return convert(picture, false, FROM_PICTURE, FROM_PICTURE);
    }

    /**
     * Colour with the container's word on the matrix (an H.273 matrix coefficient) and range (1 full, 0 limited), each
     * {@link #FROM_PICTURE} to use the coded picture's: HEIF's nclx property overrides the bitstream.
     */
    public static Mat bgr(AVFrame picture, int h273Matrix, int fullRange) throws BadImageException {
        return convert(picture, false, h273Matrix, fullRange);
    }

    /** An alpha plane: grey code values, a limited-range plane stretched so that opaque is 255. */
    public static Mat alpha(AVFrame picture) throws BadImageException {
        return convert(picture, true, FROM_PICTURE, FROM_PICTURE);
    }

    private static Mat convert(AVFrame picture, boolean alpha, int h273Matrix, int fullRange) throws BadImageException {
        int w = picture.width();
        int h = picture.height();
        SwsContext sws = sws_getContext(w, h, picture.format(), w, h, alpha ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_BGR24,
                SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, null, null, (DoublePointer) null);
        if (sws == null) throw new BadImageException("the pixel format " + picture.format() + " cannot be converted");
        boolean full = fullRange == FROM_PICTURE ? picture.color_range() == AVCOL_RANGE_JPEG : fullRange == 1;
        int matrix = h273Matrix == FROM_PICTURE ? matrix(picture.colorspace()) : matrix(h273Matrix);
        Mat out = new Mat(h, w, alpha ? CV_8UC1 : CV_8UC3);
        // swscale reads four plane pointers and strides even for packed output
        try (PointerPointer<?> dst = new PointerPointer<>(4).put(0, out.data());
             IntPointer dstStride = new IntPointer(new int[] {(int) out.step(), 0, 0, 0})) {
            // alpha planes keep their code values (grey to grey); colour gets the declared matrix and range
            sws_setColorspaceDetails(sws, sws_getCoefficients(matrix), full ? 1 : 0,
                    sws_getCoefficients(SWS_CS_DEFAULT), alpha ? (full ? 1 : 0) : 1, 0, 1 << 16, 1 << 16);
            if (sws_scale(sws, picture.data(), picture.linesize(), 0, h, dst, dstStride) != h) {
                out.close();
                throw new BadImageException("the pixels could not be converted to RGB" + FfmpegLog.detail());
            }
        } finally {
            sws_freeContext(sws);
        }
        if (alpha && !full) {
            // a limited-range alpha plane (16..235) is stretched to 0..255 so opaque is really opaque
            out.convertTo(out, -1, 255.0 / 219.0, -16 * 255.0 / 219.0);
        }
        return out;
    }

    // FFmpeg's AVColorSpace values are the H.273 matrix coefficients, so one mapping serves both
    private static int matrix(int colorspace) {
        if (colorspace == AVCOL_SPC_BT709) return SWS_CS_ITU709;
        if (colorspace == AVCOL_SPC_BT2020_NCL || colorspace == AVCOL_SPC_BT2020_CL) return SWS_CS_BT2020;
        if (colorspace == AVCOL_SPC_FCC) return SWS_CS_FCC;
        if (colorspace == AVCOL_SPC_SMPTE240M) return SWS_CS_SMPTE240M;
        return SWS_CS_ITU601;   // BT.601 (bt470bg, smpte170m) and unspecified, as libavif and libheif assume
    }
}
