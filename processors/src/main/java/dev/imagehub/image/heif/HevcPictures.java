package dev.imagehub.image.heif;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

import dev.imagehub.image.BadImageException;
import dev.imagehub.image.FfmpegLog;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

/**
 * Decodes HEVC pictures stored as HEIF items with FFmpeg's HEVC decoder: the item's {@code hvcC} is the decoder's
 * configuration, each item's bytes (length-prefixed NAL units) one packet. The tiles of a grid go through one decoder
 * in order, so FFmpeg's frame threads decode several at once; each decoded picture is handed over with its index.
 */
final class HevcPictures implements AutoCloseable {
    /** avcodec.h's FF_THREAD_FRAME, which the JavaCPP presets do not map: decode several pictures at once. */
    private static final int FF_THREAD_FRAME = 1;
    /** Receives each decoded picture with the index of the packet it came from; the frame is valid during the call only. */
    interface Sink {
        void picture(int index, AVFrame frame) throws BadImageException;
    }

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;

    private HevcPictures(AVCodecContext context) {
        this.context = context;
        this.packet = av_packet_alloc();
        this.frame = av_frame_alloc();
    }

    /** A decoder configured by an {@code hvcC} property's payload. */
    static HevcPictures open(byte[] hvcC) throws BadImageException {
        FfmpegLog.begin();
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_HEVC);
        if (codec == null) throw new BadImageException("this FFmpeg build has no HEVC decoder, so HEIC cannot be read");
        AVCodecContext c = avcodec_alloc_context3(codec);
        // extradata must come from av_malloc, with zeroed padding: the decoder frees it and may read past the end
        BytePointer extra = new BytePointer(av_malloc(hvcC.length + AV_INPUT_BUFFER_PADDING_SIZE));
        extra.position(0).put(hvcC);
        for (int i = 0; i < AV_INPUT_BUFFER_PADDING_SIZE; i++) extra.put(hvcC.length + i, (byte) 0);
        c.extradata(extra).extradata_size(hvcC.length);
        c.thread_count(0).thread_type(FF_THREAD_FRAME);   // 0: one thread per core
        int err = avcodec_open2(c, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (err < 0) {
            avcodec_free_context(c);
            throw new BadImageException("the HEIF file's HEVC configuration is damaged (error " + err + FfmpegLog.detail() + ")");
        }
        return new HevcPictures(c);
    }

    /** Decodes {@code packets} in order, giving each picture to {@code sink}; throws when one does not decode. */
    void decode(List<byte[]> packets, Sink sink) throws BadImageException {
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            byte[] data = packets.get(i);
            if (av_new_packet(packet, data.length) < 0) throw new BadImageException("out of memory for a HEVC packet");
            packet.data().position(0).put(data);
            packet.pts(i).dts(i);
            int err = avcodec_send_packet(context, packet);
            av_packet_unref(packet);
            if (err < 0 && err != AVERROR_EAGAIN()) throw damaged(i, packets.size(), err);
            drain(sink, received, packets.size());
        }
        avcodec_send_packet(context, null);
        drain(sink, received, packets.size());
        if (received.size() != packets.size()) {
            throw new BadImageException(String.format("the HEIF image cannot be decoded: %d of its %d coded pictures gave no image%s",
                    packets.size() - received.size(), packets.size(), FfmpegLog.detail()));
        }
    }

    private void drain(Sink sink, List<Integer> received, int total) throws BadImageException {
        while (true) {
            int err = avcodec_receive_frame(context, frame);
            if (err == AVERROR_EAGAIN() || err == AVERROR_EOF()) return;
            if (err < 0) throw damaged(received.size(), total, err);
            int index = (int) frame.pts();
            if (index < 0 || index >= total) index = received.size();
            received.add(index);
            sink.picture(index, frame);
        }
    }

    private static BadImageException damaged(int index, int total, int err) {
        String which = total > 1 ? "tile " + (index + 1) + " of " + total : "the image";
        return new BadImageException("the HEIF file cannot be decoded: " + which + " is damaged or truncated (error " + err
                + FfmpegLog.detail() + ")");
    }

    @Override
    public void close() {
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(context);
    }
}
