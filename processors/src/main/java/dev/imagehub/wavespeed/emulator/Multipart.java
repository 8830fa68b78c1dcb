package dev.imagehub.wavespeed.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Finds one named file part in a multipart/form-data body (the legacy binary upload sends a single field {@code file}). */
final class Multipart {
    /** The part found: its file name, declared content type and bytes. */
    record Part(String filename, String contentType, byte[] bytes) {
    }

    private Multipart() {
    }

    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) return null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) return t.substring(9).replace("\"", "");
        }
        return null;
    }

    static Part find(byte[] body, String boundary, String field) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delim, 0);
        while (pos >= 0) {
            int headStart = pos + delim.length + 2;
            int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headStart);
            if (headEnd < 0) return null;
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), headEnd + 4);
            if (next < 0) return null;
            String headers = new String(body, headStart, headEnd - headStart, StandardCharsets.UTF_8);
            if (headers.contains("name=\"" + field + "\"")) {
                byte[] bytes = java.util.Arrays.copyOfRange(body, headEnd + 4, next);
                return new Part(attribute(headers, "filename"), header(headers, "content-type"), bytes);
            }
            pos = next + 2;
        }
        return null;
    }

    private static String attribute(String headers, String name) {
        int i = headers.indexOf(name + "=\"");
        if (i < 0) return "upload.bin";
        int end = headers.indexOf('"', i + name.length() + 2);
        return end < 0 ? "upload.bin" : headers.substring(i + name.length() + 2, end);
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return "application/octet-stream";
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
