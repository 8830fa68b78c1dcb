package dev.imagehub.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT470BG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_RGB;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_IEC61966_2_1;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRP;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INP;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Writes a still AVIF with FFmpeg's libaom-av1 encoder and avif muxer, driven through FFmpeg's C API: the colour image
 * in 4:2:0 (BT.601 limited range, tagged sRGB), and for transparent images the alpha plane as a second, monochrome AV1
 * image that the muxer stores as the auxiliary alpha item. Quality 1..100 maps to libaom's constant-quality level
 * (crf 63..0) the way libavif maps {@code avifenc -q}; lossless writes RGB planes (no YUV rounding) at crf 0.
 *
 * <p>Not JavaCV's FFmpegFrameRecorder: it rounds odd widths up (and rescales the picture to match) and has one video
 * stream, so it could neither keep exact sizes nor write alpha. The avif muxer rewrites its index at the end, so it
 * writes to a seekable temporary file, removed before returning.
 */
public final class AvifEncoder {
    /** Quality used when the chain sets none: visually close to JPEG q85 at about a third of the bytes on photos. */
    public static final int DEFAULT_QUALITY = 60;
    /** libaom speed: 6 is the all-intra sweet spot measured here (0.63 s per 12 MP; 8 halves the time for a few % more bytes). */
    public static final int SPEED = 6;
    private static final String CODEC = "libaom-av1";

    private AvifEncoder() {
    }

    /** libaom's constant-quality level for a quality of 1..100: {@code round((100 - q) * 63 / 100)}, as libavif does. */
    public static int crf(int quality) {
        int q = Math.max(1, Math.min(100, quality));
        return ((100 - q) * 63 + 50) / 100;
    }

    /**
     * Encodes grey, BGR or BGRA pixels. Fails with IllegalArgumentException naming the encoder and what it refused, so
     * the file's failure reason says why.
     */
    public static byte[] encode(Mat pixels, int quality, boolean lossless) {
        int w = pixels.cols();
        int h = pixels.rows();
        FfmpegLog.begin();
        Path file = null;
        try (Job job = new Job(w, h)) {
            file = Files.createTempFile("hub-avif-", ".avif");
            job.open(file, pixels.channels() == 4, quality, lossless);
            job.write(pixels, lossless);
            return dev.imagehub.files.FileBytes.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the temporary AVIF file could not be written or read: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // the temp directory is cleaned by the system; the result is already in memory
                }
            }
        }
    }

    /** One encode: the muxer, one encoder per plane set (colour, and alpha when present), freed together. */
    private static final class Job implements AutoCloseable {
        private final int w;
        private final int h;
        private AVFormatContext oc;
        private AVCodecContext colour;
        private AVCodecContext alpha;
        private AVStream colourStream;
        private AVStream alphaStream;

        Job(int w, int h) {
            this.w = w;
            this.h = h;
        }

        void open(Path file, boolean withAlpha, int quality, boolean lossless) {
            AVCodec codec = avcodec_find_encoder_by_name(CODEC);
            if (codec == null) throw failure("this FFmpeg build has no " + CODEC + " encoder", 0);
            oc = new AVFormatContext(null);
            check(avformat_alloc_output_context2(oc, null, "avif", file.toString()), "creating the AVIF container");
            colour = avcodec_alloc_context3(codec);
            configure(colour, codec, lossless ? AV_PIX_FMT_GBRP : AV_PIX_FMT_YUV420P, lossless ? AVCOL_SPC_RGB : AVCOL_SPC_BT470BG,
                    lossless ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG, lossless ? 0 : crf(quality), lossless);
            colourStream = stream(colour);
            if (withAlpha) {
                // a monochrome AV1 image in full range is how AVIF stores alpha; the muxer links it to the colour item.
                // Lossless like avifenc's default: lossy alpha leaves halos along every edge, and flat alpha costs little.
                alpha = avcodec_alloc_context3(codec);
                configure(alpha, codec, AV_PIX_FMT_GRAY8, AVCOL_SPC_BT470BG, AVCOL_RANGE_JPEG, 0, true);
                alphaStream = stream(alpha);
            }
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "opening the output");
            oc.pb(pb);
            check(avformat_write_header(oc, (AVDictionary) null), "writing the AVIF header");
        }

        private void configure(AVCodecContext c, AVCodec codec, int pixFmt, int matrix, int range, int crf, boolean lossless) {
            c.width(w).height(h).pix_fmt(pixFmt).time_base(av_make_q(1, 1)).framerate(av_make_q(1, 1));
            c.color_primaries(AVCOL_PRI_BT709).color_trc(AVCOL_TRC_IEC61966_2_1).colorspace(matrix).color_range(range);
            if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            AVDictionary opts = new AVDictionary(null);
            try {
                av_dict_set(opts, "crf", Integer.toString(crf), 0);
                av_dict_set(opts, "usage", "allintra", 0);
                av_dict_set(opts, "cpu-used", Integer.toString(SPEED), 0);
                av_dict_set(opts, "still-picture", "1", 0);
                av_dict_set(opts, "row-mt", "1", 0);
                // one thread per image: the hub runs files side by side, which beats threads inside one encode
                av_dict_set(opts, "threads", "1", 0);
                if (lossless) av_dict_set(opts, "lossless", "1", 0);
                check(avcodec_open2(c, codec, opts), "opening the encoder");
            } finally {
                av_dict_free(opts);
            }
        }

        private AVStream stream(AVCodecContext c) {
            AVStream s = avformat_new_stream(oc, null);
            if (s == null) throw failure("creating a stream", 0);
            check(avcodec_parameters_from_context(s.codecpar(), c), "setting up the stream");
            s.time_base(c.time_base());
            return s;
        }

        void write(Mat pixels, boolean lossless) {
            try (Mat bgr = new Mat()) {
                Mat src = pixels;
                if (pixels.channels() == 4) {
                    cvtColor(pixels, bgr, COLOR_BGRA2BGR);
                    src = bgr;
                } else if (pixels.channels() == 1) {
                    cvtColor(pixels, bgr, COLOR_GRAY2BGR);
                    src = bgr;
                }
                encodeFrame(colour, colourStream, src, AV_PIX_FMT_BGR24, !lossless);
            }
            if (alpha != null) {
                try (Mat a = new Mat()) {
                    extractChannel(pixels, a, 3);
                    encodeFrame(alpha, alphaStream, a, AV_PIX_FMT_GRAY8, false);
                }
            }
            check(av_write_trailer(oc), "finishing the file");
        }

        // Converts the pixels into the encoder's planes, encodes the single frame, and muxes its packet.
        private void encodeFrame(AVCodecContext c, AVStream stream, Mat src, int srcFmt, boolean toYuv) {
            Mat packed = src.isContinuous() ? src : src.clone();
            AVFrame frame = av_frame_alloc();
            AVPacket pkt = av_packet_alloc();
            SwsContext sws = sws_getContext(w, h, srcFmt, w, h, c.pix_fmt(), SWS_AREA | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP,
                    null, null, (DoublePointer) null);
            try (PointerPointer<?> srcData = new PointerPointer<>(4).put(0, packed.data());
                 IntPointer srcStride = new IntPointer(new int[] {(int) packed.step(), 0, 0, 0})) {
                if (sws == null) throw failure("converting the pixels for the encoder", 0);
                frame.format(c.pix_fmt()).width(w).height(h).pts(0);
                check(av_frame_get_buffer(frame, 0), "allocating the frame");
                if (toYuv) {
                    // BT.601 matrix, RGB in full range to YUV in limited range, as the colour tags say
                    IntPointer bt601 = sws_getCoefficients(SWS_CS_ITU601);
                    sws_setColorspaceDetails(sws, bt601, 1, bt601, 0, 0, 1 << 16, 1 << 16);
                }
                sws_scale(sws, srcData, srcStride, 0, h, frame.data(), frame.linesize());
                check(avcodec_send_frame(c, frame), "encoding the image");
                check(avcodec_send_frame(c, null), "flushing the encoder");
                int ret;
                while ((ret = avcodec_receive_packet(c, pkt)) == 0) {
                    pkt.stream_index(stream.index());
                    av_packet_rescale_ts(pkt, c.time_base(), stream.time_base());
                    check(av_interleaved_write_frame(oc, pkt), "writing the image data");
                }
                if (ret != AVERROR_EOF()) check(ret, "encoding the image");
            } finally {
                if (sws != null) sws_freeContext(sws);
                av_packet_free(pkt);
                av_frame_free(frame);
                if (packed != src) packed.close();
            }
        }

        private void check(int ret, String what) {
            if (ret < 0) throw failure(what, ret);
        }

        private IllegalArgumentException failure(String what, int ret) {
            String error = "";
            if (ret < 0) {
                byte[] buf = new byte[256];
                av_strerror(ret, buf, buf.length);
                int end = 0;
                while (end < buf.length && buf[end] != 0) end++;
                error = ": " + new String(buf, 0, end, java.nio.charset.StandardCharsets.UTF_8);
            }
            return new IllegalArgumentException(String.format(Locale.ROOT, "the AV1 encoder (%s) failed while %s for the %dx%d image%s%s",
                    CODEC, what, w, h, error, FfmpegLog.detail()));
        }

        @Override
        public void close() {
            if (oc != null) {
                if (oc.pb() != null) avio_closep(oc.pb());
                avformat_free_context(oc);
            }
            if (colour != null) avcodec_free_context(colour);
            if (alpha != null) avcodec_free_context(alpha);
        }
    }
}
