package dev.imagehub.wavespeed.emulator;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Small MP4 clips (MPEG-4 Part 2, 4 fps, long side 320 px) for the video models, and audio length for InfiniteTalk. */
final class Mp4 {
    static final int FPS = 4;
    private static final int LONG_SIDE = 320;

    private Mp4() {
    }

    /** A clip of the still image with a progress bar moving along its bottom edge, {@code seconds} long. */
    static byte[] clip(BufferedImage still, double seconds) {
        double scale = (double) LONG_SIDE / Math.max(still.getWidth(), still.getHeight());
        int w = Math.max(2, (int) Math.round(still.getWidth() * scale) & ~1);
        int h = Math.max(2, (int) Math.round(still.getHeight() * scale) & ~1);
        int frames = Math.max(1, (int) Math.round(seconds * FPS));
        Path tmp = null;
        try {
            // the MP4 muxer needs a seekable output to write its index, hence a temporary file
            tmp = Files.createTempFile("emulator-video", ".mp4");
            Java2DFrameConverter converter = new Java2DFrameConverter();
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(tmp.toFile(), w, h, 0)) {
                r.setFormat("mp4");
                r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                r.setFrameRate(FPS);
                r.start();
                for (int i = 0; i < frames; i++) {
                    BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                    Graphics2D g = frame.createGraphics();
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.drawImage(still, 0, 0, w, h, null);
                    g.setColor(java.awt.Color.WHITE);
                    g.fillRect(0, h - 6, (int) ((long) w * (i + 1) / frames), 6);
                    g.dispose();
                    r.record(converter.convert(frame));
                }
                r.stop();
            }
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) tmp.toFile().delete();
        }
    }

    /** The length of an audio (or video) file in seconds. */
    static double seconds(byte[] media) throws FrameGrabber.Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(new ByteArrayInputStream(media), media.length)) {
            g.start();
            double s = g.getLengthInTime() / 1_000_000d;
            g.stop();
            return s;
        }
    }
}
