package dev.imagehub.wavespeed;

import java.util.Locale;

/**
 * A local file given as a model input (an image, mask, face, audio clip). The gateway uploads it (cached by SHA-256)
 * and puts the resulting URL in its place; it is never sent inline.
 */
public record AiInput(byte[] bytes, String fileName, String contentType) {

    public static AiInput of(byte[] bytes, String fileName) {
        return new AiInput(bytes, fileName, contentTypeOf(fileName));
    }

    /** The MIME type WaveSpeed expects for a file name's extension. */
    public static String contentTypeOf(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        String ext = n.substring(n.lastIndexOf('.') + 1);
        return switch (ext) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            case "tif", "tiff" -> "image/tiff";
            case "mp3" -> "audio/mpeg";
            case "wav" -> "audio/wav";
            case "m4a" -> "audio/mp4";
            case "ogg" -> "audio/ogg";
            case "mp4" -> "video/mp4";
            default -> "application/octet-stream";
        };
    }

    @Override
    public String toString() {
        return "AiInput[" + fileName + ", " + bytes.length + " bytes]";
    }
}
