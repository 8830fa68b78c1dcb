package dev.imagehub.wavespeed;

import java.nio.charset.StandardCharsets;

/**
 * One downloaded output of a prediction: a file (image, GLB, MP4, ...) or a text (a caption).
 *
 * @param extension file extension without the dot, from the URL or the content ({@code png}, {@code glb}, {@code txt})
 * @param bytes     the content; for a text output its UTF-8 bytes
 * @param text      the text for a text output, else null
 * @param sourceUrl where it was downloaded from (empty for inline text or base64)
 */
public record AiOutput(String extension, byte[] bytes, String text, String sourceUrl) {

    public static AiOutput text(String text) {
        return new AiOutput("txt", text.getBytes(StandardCharsets.UTF_8), text, "");
    }

    public boolean isText() {
        return text != null;
    }

    @Override
    public String toString() {
        return isText() ? "AiOutput[text: " + text + "]" : "AiOutput[" + extension + ", " + bytes.length + " bytes]";
    }
}
