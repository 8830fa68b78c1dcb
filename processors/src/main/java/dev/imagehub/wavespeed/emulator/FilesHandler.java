package dev.imagehub.wavespeed.emulator;

import java.io.IOException;
import java.io.OutputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** The emulator's "CDN": upload PUT targets, uploaded files and prediction outputs; no key needed, like signed URLs. */
final class FilesHandler implements HttpHandler {
    private final WaveSpeedEmulator emulator;

    FilesHandler(WaveSpeedEmulator emulator) {
        this.emulator = emulator;
    }

    /** The store key of a file URL path: {@code media/{id}} for uploads, {@code outputs/{id}/{n}.{ext}} for outputs. */
    static String key(String path) {
        if (path.startsWith("/media/files/")) {
            String rest = path.substring("/media/files/".length());
            int slash = rest.indexOf('/');
            return "media/" + (slash < 0 ? rest : rest.substring(0, slash));
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        // the 413 must be written before the exchange is closed, so the catch sits inside the try-with-resources
        try (ex) {
            try {
                route(ex);
            } catch (Http.TooLarge e) {
                Http.error(ex, 413, "Payload Too Large: " + e.getMessage());
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.startsWith("/media/put/") && method.equals("PUT")) {
            put(ex, path.substring("/media/put/".length()));
        } else if ((path.startsWith("/media/files/") || path.startsWith("/outputs/")) && method.equals("GET")) {
            get(ex, path);
        } else {
            Http.error(ex, 404, "Not found: " + method + " " + path);
        }
    }

    private void put(HttpExchange ex, String id) throws IOException {
        ApiHandler.UploadSlot slot = emulator.uploadSlots.get(id);
        if (slot == null) {
            Http.error(ex, 404, "Unknown upload '" + id + "': announce it first with POST /api/v3/media/uploads");
            return;
        }
        byte[] bytes = Http.readBody(ex, emulator.maxUploadBytes());
        emulator.files.put("media/" + id, new WaveSpeedEmulator.StoredFile(bytes, slot.contentType(), 0));
        emulator.stats.upload();
        Http.send(ex, 200, "text/plain", new byte[0]);
    }

    private void get(HttpExchange ex, String path) throws IOException {
        boolean output = path.startsWith("/outputs/");
        if (output) emulator.stats.download();
        WaveSpeedEmulator.StoredFile f = emulator.files.get(key(path));
        if (f == null) {
            Http.sendText(ex, 404, "text/plain", "Not found: " + path);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", f.contentType());
        ex.sendResponseHeaders(200, f.bytes().length);
        try (OutputStream out = ex.getResponseBody()) {
            if (f.delayMillis() <= 0) {
                out.write(f.bytes());
                return;
            }
            // slow-download fault: ten slices, spread over the configured delay
            int slice = Math.max(1, (f.bytes().length + 9) / 10);
            for (int off = 0; off < f.bytes().length; off += slice) {
                out.write(f.bytes(), off, Math.min(slice, f.bytes().length - off));
                out.flush();
                try {
                    Thread.sleep(f.delayMillis() / 10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
