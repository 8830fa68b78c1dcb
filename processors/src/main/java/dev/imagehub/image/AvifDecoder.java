package dev.imagehub.image;

import java.io.ByteArrayInputStream;
import java.util.Locale;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.split;

/**
 * Decodes a still AVIF with FFmpeg (demuxer + AV1 decoder, all in memory: the demuxer seeks inside the byte array, so
 * no temporary file is needed). The YUV to BGR conversion is {@link YuvFrames}', with the file's matrix and range. An alpha plane, which FFmpeg exposes as a second stream titled "Alpha", is merged back as BGRA, and the
 * rotation and mirroring boxes are applied to the pixels.
 */
public final class AvifDecoder {
    private AvifDecoder() {
    }

    public static WorkingImage decode(byte[] bytes, AvifHeader header) throws BadImageException {
        if (header.grid()) {
            throw new BadImageException(String.format(Locale.ROOT, "the AVIF image is a grid of tiles (%dx%d in total); tiled AVIF is "
                    + "not supported: export it as a single-image AVIF, JPEG or PNG", header.width(), header.height()));
        }
        if (header.frames() > 1) {
            throw new BadImageException("the AVIF file is an animation (" + header.frames() + " frames); animated AVIF is not supported "
                    + "(keeping only the first frame would lose content): export it as animated WebP or GIF");
        }
        FfmpegLog.begin();
        Mat colour = null;
        try {
            int alphaStream;
            try (FFmpegFrameGrabber g = grabber(bytes)) {
                g.start();
                int[] streams = streams(g.getFormatContext());
                alphaStream = streams[1];
                if ("Alpha".equalsIgnoreCase(g.getVideoMetadata("title"))) {
                    // JavaCV picked the alpha plane as "the" video stream: reopen on the colour image
                    g.stop();
                    g.setVideoStream(streams[0]);
                    g.start();
                }
                colour = grab(g, false);
            }
            if (colour.cols() != header.width() || colour.rows() != header.height()) {
                throw new BadImageException(String.format(Locale.ROOT, "the AVIF image decodes to %dx%d but its header says %dx%d: "
                        + "the file is damaged", colour.cols(), colour.rows(), header.width(), header.height()));
            }
            if (alphaStream < 0) {
                Mat result = colour;
                colour = null;
                return upright(new WorkingImage(result), header);
            }
            Mat alpha;
            try (FFmpegFrameGrabber g = grabber(bytes)) {
                g.setVideoStream(alphaStream);
                g.start();
                alpha = grab(g, true);
            }
            try (alpha; MatVector planes = new MatVector(4); MatVector bgr = new MatVector()) {
                if (alpha.cols() != colour.cols() || alpha.rows() != colour.rows()) {
                    throw new BadImageException("the AVIF alpha plane is " + alpha.cols() + "x" + alpha.rows() + " but the image is "
                            + colour.cols() + "x" + colour.rows() + ": the file is damaged");
                }
                split(colour, bgr);
                planes.put(0, bgr.get(0));
                planes.put(1, bgr.get(1));
                planes.put(2, bgr.get(2));
                planes.put(3, alpha);
                Mat bgra = new Mat();
                merge(planes, bgra);
                return upright(new WorkingImage(bgra), header);
            }
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new BadImageException("the AVIF file cannot be decoded: it is damaged or truncated (" + e.getMessage()
                    + FfmpegLog.detail() + ")", e);
        } finally {
            if (colour != null) colour.close();
        }
    }

    // irot/imir are part of how an AVIF is shown, not metadata the hub could carry over: apply them here, so every chain
    // sees the picture upright (ImageProbe reports the upright size and orientation 1).
    private static WorkingImage upright(WorkingImage image, AvifHeader header) {
        Orientation.apply(image, header.orientation());
        return image;
    }

    // Index of the colour stream and of the alpha stream (-1 if none), from the stream titles FFmpeg gives AVIF items
    // ("Color", "Alpha").
    private static int[] streams(AVFormatContext fc) throws BadImageException {
        int colour = -1;
        int alpha = -1;
        for (int i = 0; i < fc.nb_streams(); i++) {
            AVStream s = fc.streams(i);
            if (s.codecpar().codec_type() != AVMEDIA_TYPE_VIDEO) continue;
            if ("Alpha".equalsIgnoreCase(title(s))) {
                if (alpha < 0) alpha = i;
            } else if (colour < 0) {
                colour = i;
            }
        }
        if (colour < 0) throw new BadImageException("the AVIF file holds no colour image");
        return new int[] {colour, alpha};
    }

    private static String title(AVStream s) {
        AVDictionaryEntry e = av_dict_get(s.metadata(), "title", null, AV_DICT_IGNORE_SUFFIX);
        return e == null ? null : e.value().getString();
    }

    private static FFmpegFrameGrabber grabber(byte[] bytes) {
        // the second argument lets the demuxer seek back anywhere in the stream (ISO-BMFF puts the index after the data)
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(new ByteArrayInputStream(bytes), bytes.length);
        // RAW hands back the decoder's own YUV frame (as an AVFrame), which convert() turns into BGR correctly
        g.setImageMode(FrameGrabber.ImageMode.RAW);
        return g;
    }

    // Decodes the grabber's stream to 8-bit BGR (colour) or grey (alpha), converting YUV with the file's matrix and range.
    private static Mat grab(FFmpegFrameGrabber g, boolean alpha) throws FrameGrabber.Exception, BadImageException {
        Frame frame = g.grabImage();
        if (frame == null || !(frame.opaque instanceof AVFrame picture) || picture.width() <= 0) {
            throw new BadImageException("the AVIF file cannot be decoded: its image data is damaged or truncated" + FfmpegLog.detail());
        }
        return alpha ? YuvFrames.alpha(picture) : YuvFrames.bgr(picture);
    }
}
