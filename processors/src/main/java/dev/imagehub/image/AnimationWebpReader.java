package dev.imagehub.image;

import java.util.ArrayDeque;
import java.util.Deque;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs.Animation;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecodeanimation;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Reads an animated WebP with libwebp's animation decoder (through OpenCV), which blends and disposes frames into
 * full canvases as the WebP container specifies. OpenCV decodes a run of frames per call and has to decode the
 * frames before a run again to rebuild the canvas, so runs are as long as a 64 MB budget allows: most animations
 * come out of a single call, and a long one costs a few extra decodes instead of unbounded memory.
 */
final class AnimationWebpReader implements AnimationReader {
    private static final long BATCH_BYTES = 64L << 20;
    private final byte[] bytes;
    private final int frames;
    private final int loops;
    private final int width;
    private final int height;
    private final boolean alpha;
    private final int batch;
    private final Deque<AnimationFrame> pending = new ArrayDeque<>();
    private int decoded;

    AnimationWebpReader(byte[] bytes) throws BadImageException {
        this.bytes = bytes;
        this.frames = Animations.webpFrames(bytes);
        this.loops = Animations.loopCount(bytes, ImageFormat.WEBP);
        this.alpha = Animations.webpHasAlpha(bytes);
        if (bytes.length < 30 || frames < 1) throw new BadImageException("the WebP file holds no animation frames");
        // VP8X canvas size: 24-bit little-endian values stored minus one
        this.width = 1 + ((bytes[24] & 0xFF) | (bytes[25] & 0xFF) << 8 | (bytes[26] & 0xFF) << 16);
        this.height = 1 + ((bytes[27] & 0xFF) | (bytes[28] & 0xFF) << 8 | (bytes[29] & 0xFF) << 16);
        this.batch = (int) Math.max(1, Math.min(frames, BATCH_BYTES / (4L * width * height)));
    }

    @Override public int frameCount() { return frames; }
    @Override public int loopCount() { return loops; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    @Override
    public AnimationFrame next() throws BadImageException {
        if (pending.isEmpty() && decoded < frames) decodeRun();
        return pending.poll();
    }

    private void decodeRun() throws BadImageException {
        try (BytePointer data = new BytePointer(bytes); Mat buf = new Mat(1, bytes.length, CV_8U, data);
             Animation anim = new Animation()) {
            if (!imdecodeanimation(buf, anim, decoded, batch)) {
                throw new BadImageException("the animated WebP cannot be decoded" + (decoded > 0 ? " past frame " + decoded : "")
                        + ": it is damaged or truncated");
            }
            MatVector mats = anim.frames();
            IntPointer durations = anim.durations();
            long n = mats.size();
            if (n == 0) throw new BadImageException("the animated WebP ends after " + decoded + " of its " + frames + " frames: it is truncated");
            for (long i = 0; i < n; i++) {
                Mat m = mats.get(i);
                Mat out = new Mat();
                if (m.channels() == 4 && !alpha) cvtColor(m, out, COLOR_BGRA2BGR);
                else if (m.channels() == 3 && alpha) cvtColor(m, out, COLOR_BGR2BGRA);
                else m.copyTo(out);
                int delay = i < durations.limit() ? durations.get(i) : 100;
                pending.add(new AnimationFrame(new WorkingImage(out), delay));
            }
            decoded += (int) n;
        } catch (RuntimeException e) {
            pending.forEach(f -> f.image().close());
            pending.clear();
            throw new BadImageException("the animated WebP cannot be decoded: it is damaged or truncated (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        pending.forEach(f -> f.image().close());
        pending.clear();
    }
}
