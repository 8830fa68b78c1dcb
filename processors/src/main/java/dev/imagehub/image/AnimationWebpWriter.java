package dev.imagehub.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs.Animation;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencodeanimation;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Writes an animated WebP with libwebp's animation encoder (through OpenCV): exact per-frame durations, loop count,
 * alpha, lossy at the chain's quality or lossless. libwebp needs every frame at once to optimise between frames, so
 * the processed frames are kept until {@link #finish()}; they can be encoded again at another quality, which the
 * byte-budget search uses.
 */
final class AnimationWebpWriter implements AnimationWriter {
    private final List<Mat> frames = new ArrayList<>();
    private final List<Integer> delays = new ArrayList<>();
    private final EncodeSettings settings;
    private final int loops;
    private boolean alpha;

    AnimationWebpWriter(EncodeSettings settings, int loops) {
        this.settings = settings;
        this.loops = loops;
    }

    @Override
    public ImageFormat format() { return ImageFormat.WEBP; }

    @Override
    public void add(WorkingImage frame, int delayMs) {
        frames.add(frame.mat().clone());
        delays.add(Math.max(0, delayMs));
        alpha |= frame.hasAlpha();
    }

    @Override
    public byte[] finish() throws IOException {
        return encode(Boolean.TRUE.equals(settings.lossless()) ? 101 : settings.webpQuality());
    }

    @Override
    public boolean adjustableQuality() {
        return !Boolean.TRUE.equals(settings.lossless());
    }

    @Override
    public byte[] encodeAt(int quality) throws IOException {
        return encode(quality);
    }

    /** Encodes the frames kept so far at {@code quality} (1..100; above 100 means lossless). */
    private byte[] encode(int quality) throws IOException {
        try (MatVector mats = new MatVector(frames.size()); IntPointer durations = new IntPointer(delays.size());
             Animation animation = new Animation(); BytePointer out = new BytePointer();
             IntPointer params = new IntPointer(IMWRITE_WEBP_QUALITY, quality); BytePointer ext = new BytePointer(".webp")) {
            List<Mat> converted = new ArrayList<>();
            try {
                for (int i = 0; i < frames.size(); i++) {
                    Mat m = uniform(frames.get(i));
                    if (m != frames.get(i)) converted.add(m);
                    mats.put(i, m);
                    durations.put(i, delays.get(i));
                }
                animation.frames(mats);
                animation.durations(durations);
                animation.loop_count(loops);
                if (!imencodeanimation(ext, animation, out, params)) throw new IOException("the WebP animation encoder refused the frames");
                byte[] bytes = new byte[(int) out.limit()];
                out.get(bytes);
                return bytes;
            } finally {
                converted.forEach(Mat::close);
            }
        }
    }

    // libwebp takes one pixel layout for the whole animation: BGRA if any frame is transparent, else BGR.
    private Mat uniform(Mat m) {
        int want = alpha ? 4 : 3;
        if (m.channels() == want) return m;
        Mat out = new Mat();
        if (m.channels() == 1) cvtColor(m, out, alpha ? COLOR_GRAY2BGRA : COLOR_GRAY2BGR);
        else cvtColor(m, out, COLOR_BGR2BGRA);
        return out;
    }

    @Override
    public void close() {
        frames.forEach(Mat::close);
        frames.clear();
    }
}
