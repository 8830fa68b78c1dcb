package dev.imagehub.estimate;

import java.nio.file.Path;
import java.util.OptionalDouble;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** Measures an audio file (MP3, WAV, M4A, OGG, ...) with FFmpeg, which is on the classpath for AVIF anyway. */
final class AudioLength {
    private AudioLength() {
    }

    static OptionalDouble seconds(Path file) {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            long micros = g.getLengthInTime();
            g.stop();
            return micros > 0 ? OptionalDouble.of(micros / 1_000_000d) : OptionalDouble.empty();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }
}
