package dev.imagehub.image;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * The FFmpeg side of AVIF and HEIF support: loads the natives once and keeps FFmpeg's error lines for the failure reason
 * instead of letting them go to the hub's stderr. JavaCV's exceptions only carry error codes ("error -22"); the line FFmpeg
 * logged just before (e.g. libaom's complaint) is what tells a user what went wrong.
 */
public final class FfmpegLog {
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
    // held in a static field: FFmpeg keeps only the native pointer, the Java object must outlive every call
    private static final LogCallback CALLBACK = new LogCallback() {
        @Override
        public void call(int level, BytePointer message) {
            if (level <= avutil.AV_LOG_ERROR && message != null) {
                // "[avif @ 0x7f87...] Resolution ..." -> "avif: Resolution ...": the address means nothing to a user
                String line = message.getString().trim().replaceAll("^\\[([^\\]@]+?) @ 0x[0-9a-fA-F]+\\] ", "$1: ");
                if (!line.isEmpty()) LAST_ERROR.set(line);
            }
        }
    };

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        avutil.setLogCallback(CALLBACK);
    }

    private FfmpegLog() {
    }

    /** Makes sure the natives and the log hook are in place, and forgets earlier errors of this thread. */
    public static void begin() {
        LAST_ERROR.remove();
    }

    /** The last error FFmpeg logged on this thread since {@link #begin()}, as " (detail)", or empty. */
    public static String detail() {
        String line = LAST_ERROR.get();
        return line == null ? "" : " (" + line + ")";
    }
}
