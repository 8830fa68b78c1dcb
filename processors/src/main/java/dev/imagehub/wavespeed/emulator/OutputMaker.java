package dev.imagehub.wavespeed.emulator;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GradientPaint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Makes deterministic, plausible outputs for a prediction from its inputs; the same inputs always give the same bytes. */
final class OutputMaker {
    /** Largest side any image output may have, so a 8k request cannot exhaust the heap. */
    static final int MAX_SIDE = 4096;

    /** A made file: its bytes, extension and MIME type. */
    record OutputFile(byte[] bytes, String ext, String contentType) {
    }

    /** A task-level failure with WaveSpeed's task code (1401 invalid param, 1402 media URL not reachable...). */
    static final class TaskFailure extends Exception {
        final int code;

        TaskFailure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** Fetches an input media URL (the emulator's own store or another loopback server). */
    interface MediaFetcher {
        byte[] fetch(String url) throws TaskFailure;
    }

    private final MediaFetcher fetcher;

    OutputMaker(MediaFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** The names of the inputs a submit must carry, checked before a task is created (HTTP 400 otherwise). */
    static String missingInput(EmulatedModel model, JsonNode in) {
        boolean hasImage = in.hasNonNull("image") || in.path("images").size() > 0 || in.hasNonNull("front_image_url")
                || in.hasNonNull("target_image");
        boolean hasPrompt = !in.path("prompt").asText("").isBlank();
        return switch (model.task()) {
            case EDIT -> !hasPrompt ? "prompt" : !hasImage ? "image" : null;
            case GENERATE, TEXT_TO_3D -> hasPrompt ? null : "prompt";
            case VIDEO -> !hasImage ? "image" : model.billedByAudio() && !in.hasNonNull("audio") ? "audio" : null;
            default -> hasImage ? null : "image";
        };
    }

    /** Outputs: {@link OutputFile}s and, for the captioner, a String. */
    List<Object> make(EmulatedModel model, ObjectNode in) throws TaskFailure {
        return switch (model.task()) {
            case UPSCALE -> List.of(image(upscale(inputImage(in), in), in, "jpeg"));
            case EDIT -> List.of(image(banner(inputImage(in), in.path("prompt").asText()), in, "png"));
            case GENERATE -> List.of(image(generate(in), in, "png"));
            case CAPTION -> List.of(caption(inputImage(in), in.path("detail_level").asText("medium")));
            case IMAGE_TO_3D -> {
                inputImage(in);
                yield List.of(new OutputFile(Glb.cube(), "glb", "model/gltf-binary"));
            }
            case TEXT_TO_3D -> List.of(new OutputFile(Glb.cube(), "glb", "model/gltf-binary"));
            case EXPAND -> List.of(image(expand(inputImage(in), in.path("aspect_ratio").asText("")), in, "png"));
            case TRANSLATE -> {
                String lang = in.path("target_language").asText(in.path("target_lang").asText("en"));
                yield List.of(image(banner(inputImage(in), "[" + lang + "] translated text"), in, "png"));
            }
            case BACKGROUND -> List.of(image(banner(inputImage(in), "background: " + in.path("prompt").asText("studio")), in, "png"));
            case FACE_SWAP -> List.of(image(banner(inputImage(in), "face swapped"), in, "png"));
            case ERASE -> List.of(image(banner(inputImage(in), "erased: " + in.path("prompt").asText("masked area")), in, "png"));
            case REMOVE_TEXT -> List.of(image(banner(inputImage(in), "text removed"), in, "png"));
            case VIDEO -> {
                BufferedImage still = banner(inputImage(in), in.path("prompt").asText("talking"));
                double audio = in.hasNonNull("audio") ? audioSeconds(in.get("audio").asText()) : -1;
                yield List.of(new OutputFile(Mp4.clip(still, model.videoSeconds(in, audio)), "mp4", "video/mp4"));
            }
        };
    }

    /** The length of an audio input in seconds; an unreadable file fails the task as an invalid parameter. */
    double audioSeconds(String url) throws TaskFailure {
        byte[] bytes = fetcher.fetch(url);
        try {
            return Mp4.seconds(bytes);
        } catch (IOException e) {
            throw new TaskFailure(1401, "Invalid parameter: audio at " + url + " cannot be decoded: " + e.getMessage());
        }
    }

    private BufferedImage inputImage(JsonNode in) throws TaskFailure {
        String url = in.hasNonNull("image") ? in.get("image").asText()
                : in.path("images").size() > 0 ? in.get("images").get(0).asText()
                : in.hasNonNull("front_image_url") ? in.get("front_image_url").asText()
                : in.path("target_image").asText("");
        byte[] bytes = fetcher.fetch(url);
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) throw new TaskFailure(1401, "Invalid parameter: image at " + url + " is not a readable image");
            BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(img, 0, 0, Color.WHITE, null);
            g.dispose();
            return rgb;
        } catch (IOException e) {
            throw new TaskFailure(1401, "Invalid parameter: image at " + url + " cannot be decoded: " + e.getMessage());
        }
    }

    private static BufferedImage upscale(BufferedImage src, JsonNode in) {
        int w = src.getWidth(), h = src.getHeight();
        double factor = 2;
        if (in.has("desired_increase")) factor = in.get("desired_increase").asDouble(2);
        else if (in.has("upscale_factor")) factor = in.get("upscale_factor").asDouble(2);
        else if (in.hasNonNull("target_resolution")) {
            int target = switch (in.get("target_resolution").asText().toLowerCase(Locale.ROOT)) {
                case "2k" -> 2048;
                case "8k" -> 8192;
                default -> 4096;
            };
            factor = Math.max(1, (double) target / Math.max(w, h));
        }
        factor = Math.min(factor, (double) MAX_SIDE / Math.max(w, h));
        factor = Math.max(factor, 1);
        int nw = (int) Math.round(w * factor), nh = (int) Math.round(h * factor);
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, nw, nh, null);
        g.dispose();
        return out;
    }

    /** The input with the text written in a dark band across its lower part: visibly "edited" where the text is. */
    private static BufferedImage banner(BufferedImage src, String text) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        drawText(g, out.getWidth(), out.getHeight(), text);
        g.dispose();
        return out;
    }

    private static void drawText(Graphics2D g, int w, int h, String text) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int size = Math.max(10, Math.min(w, h) / 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        FontMetrics fm = g.getFontMetrics();
        int bandH = fm.getHeight() + size / 2;
        int top = h - bandH - h / 20;
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.75f));
        g.setColor(Color.BLACK);
        g.fillRect(0, Math.max(0, top), w, bandH);
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(Color.WHITE);
        g.drawString(text, size / 2, Math.max(0, top) + size / 4 + fm.getAscent());
    }

    private static BufferedImage generate(JsonNode in) {
        int[] size = parseSize(in.path("size").asText("1024*1024"));
        String prompt = in.path("prompt").asText();
        int hash = (prompt + "#" + in.path("seed").asText("")).hashCode();
        Color a = Color.getHSBColor((hash & 0xff) / 255f, 0.55f, 0.9f);
        Color b = Color.getHSBColor(((hash >> 8) & 0xff) / 255f, 0.7f, 0.35f);
        BufferedImage out = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setPaint(new GradientPaint(0, 0, a, size[0], size[1], b));
        g.fillRect(0, 0, size[0], size[1]);
        drawText(g, size[0], size[1], prompt);
        g.dispose();
        return out;
    }

    /** Reads WaveSpeed's {@code W*H} size strings (the submit handler has checked the form), clamped to 64..2048 per side. */
    static int[] parseSize(String s) {
        String[] parts = s.split("\\*");
        try {
            int w = Integer.parseInt(parts[0].trim()), h = Integer.parseInt(parts[1].trim());
            return new int[]{Math.max(64, Math.min(2048, w)), Math.max(64, Math.min(2048, h))};
        } catch (RuntimeException e) {
            return new int[]{1024, 1024};
        }
    }

    /** Pads the canvas to the requested aspect ratio (or 25 % on each side) with the image's edge colour. */
    private static BufferedImage expand(BufferedImage src, String aspect) {
        int w = src.getWidth(), h = src.getHeight();
        int nw = w + w / 2, nh = h + h / 2;
        String[] ratio = aspect.split(":");
        if (ratio.length == 2) {
            try {
                double r = Double.parseDouble(ratio[0]) / Double.parseDouble(ratio[1]);
                if (r >= (double) w / h) { nw = (int) Math.round(h * r); nh = h; } else { nw = w; nh = (int) Math.round(w / r); }
            } catch (NumberFormatException e) {
                // not a ratio: keep the default 25 % margin
            }
        }
        nw = Math.min(nw, MAX_SIDE);
        nh = Math.min(nh, MAX_SIDE);
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(src.getRGB(0, 0)));
        g.fillRect(0, 0, nw, nh);
        g.drawImage(src, (nw - w) / 2, (nh - h) / 2, null);
        g.dispose();
        return out;
    }

    private static String caption(BufferedImage img, String detail) {
        long r = 0, gr = 0, b = 0;
        int step = Math.max(1, Math.max(img.getWidth(), img.getHeight()) / 64), n = 0;
        for (int y = 0; y < img.getHeight(); y += step) {
            for (int x = 0; x < img.getWidth(); x += step) {
                int p = img.getRGB(x, y);
                r += (p >> 16) & 0xff; gr += (p >> 8) & 0xff; b += p & 0xff; n++;
            }
        }
        String colour = colourName((int) (r / n), (int) (gr / n), (int) (b / n));
        String orientation = img.getWidth() > img.getHeight() ? "landscape" : img.getWidth() < img.getHeight() ? "portrait" : "square";
        String text = "A " + orientation + " image dominated by " + colour + " tones.";
        if (!"low".equals(detail)) text += " It measures " + img.getWidth() + " by " + img.getHeight() + " pixels.";
        if ("high".equals(detail)) text += " The average colour is rgb(" + r / n + ", " + gr / n + ", " + b / n + ").";
        return text;
    }

    private static String colourName(int r, int g, int b) {
        int max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
        if (max - min < 30) return max > 200 ? "white" : max < 60 ? "black" : "grey";
        if (max == r) return g > b + 40 ? "yellow" : "red";
        if (max == g) return "green";
        return "blue";
    }

    /**
     * The same pixels in the byte layout ImageIO's JPEG writer reads directly: handed an int-RGB image it converts it
     * pixel by pixel through the generic raster path, which was most of the emulator's CPU per upscale (bench/ai-bench.sh).
     */
    private static BufferedImage threeByte(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) return img;
        BufferedImage bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return bgr;
    }

    private static OutputFile image(BufferedImage img, JsonNode in, String defaultFormat) {
        String format = in.path("output_format").asText(defaultFormat).toLowerCase(Locale.ROOT);
        boolean jpeg = format.equals("jpeg") || format.equals("jpg");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(jpeg ? threeByte(img) : img, jpeg ? "jpeg" : "png", out);
            return jpeg ? new OutputFile(out.toByteArray(), "jpeg", "image/jpeg") : new OutputFile(out.toByteArray(), "png", "image/png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
