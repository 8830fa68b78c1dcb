package dev.imagehub.wavespeed.client;

import java.util.Locale;

import dev.imagehub.wavespeed.OutputKind;

/** The file extension of a downloaded output: from its URL path, else its Content-Type or type hint, else its first bytes. */
final class Extensions {
    private Extensions() {
    }

    static String of(String urlPath, String contentType, String typeHint, byte[] bytes, OutputKind kind) {
        String path = urlPath == null ? "" : urlPath;
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (ext.matches("[a-z0-9]{1,5}")) return ext.equals("jpeg") ? "jpg" : ext;
        }
        String fromType = byType(contentType);
        if (fromType != null) return fromType;
        if (typeHint != null && typeHint.matches("[A-Za-z0-9]{1,5}")) return typeHint.toLowerCase(Locale.ROOT);
        return sniff(bytes, kind);
    }

    private static String byType(String contentType) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        if (semi >= 0) ct = ct.substring(0, semi).trim();
        return switch (ct) {
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            case "model/gltf-binary" -> "glb";
            case "video/mp4" -> "mp4";
            case "text/plain" -> "txt";
            default -> null;
        };
    }

    /** Recognises the formats WaveSpeed returns by their magic bytes; otherwise the usual one for the model's output kind. */
    static String sniff(byte[] b, OutputKind kind) {
        if (starts(b, 0x89, 'P', 'N', 'G')) return "png";
        if (starts(b, 0xFF, 0xD8, 0xFF)) return "jpg";
        if (starts(b, 'R', 'I', 'F', 'F') && b.length > 11 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return "webp";
        if (starts(b, 'G', 'I', 'F')) return "gif";
        if (starts(b, 'g', 'l', 'T', 'F')) return "glb";
        if (b.length > 7 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') return "mp4";
        return switch (kind) {
            case IMAGE -> "png";
            case TEXT -> "txt";
            case MODEL_3D -> "glb";
            case VIDEO -> "mp4";
        };
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((b[i] & 0xFF) != magic[i]) return false;
        return true;
    }
}
