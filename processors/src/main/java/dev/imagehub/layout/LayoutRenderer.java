package dev.imagehub.layout;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.image.Contrast;
import dev.imagehub.config.ConfigException;
import dev.imagehub.image.Resampler;
import dev.imagehub.image.Rgba;
import dev.imagehub.image.SmartCrop;
import dev.imagehub.watermark.WatermarkAssets;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.layout.Layout.Slot;

import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

/**
 * Draws a {@link Layout} on a new canvas: background, then every slot in order, at the layout's size or any other
 * (boxes scale with the canvas on each axis, font sizes and radii with the smaller factor, pictures are cropped again
 * for their new boxes, logos keep their aspect). Returns the canvas, what was drawn where and notes for the ledger.
 */
public final class LayoutRenderer {
    /** The value that hides a slot. */
    public static final String NONE = "none";

    private LayoutRenderer() {
    }

    /** Renders {@code layout}; IllegalArgumentException says which slot, value or override is wrong and what to do. */
    public static Rendering render(Layout layout, RenderRequest request) {
        int w = request.width() == 0 ? layout.width() : request.width();
        int h = request.height() == 0 ? layout.height() : request.height();
        double sx = (double) w / layout.width();
        double sy = (double) h / layout.height();
        double s = Math.min(sx, sy);
        List<Slot> slots = withOverrides(layout, request);
        BrandKit brand = request.brand();
        List<String> notes = new ArrayList<>();
        List<RenderedLayout.Text> texts = new ArrayList<>();
        List<RenderedLayout.Logo> logos = new ArrayList<>();
        List<RenderedLayout.Picture> pictures = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        notes.add(layout.name() + " at " + w + "x" + h + (w != layout.width() || h != layout.height()
                ? " (designed " + layout.width() + "x" + layout.height() + ")" : ""));

        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            TextFitter.hints(g);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            Layout.Background bg = request.background() != null ? request.background() : layout.background();
            background(g, bg, request, w, h, notes);
            Map<String, Boolean> present = presence(layout, slots, request);
            for (Slot slot : slots) {
                RenderedLayout.Box box = slot.box().scaled(sx, sy);
                Rectangle r = new Rectangle(box.x(), box.y(), box.width(), box.height());
                String value = slot.name() == null ? null : request.values().get(slot.name());
                boolean hidden = value != null && value.trim().equalsIgnoreCase(NONE);
                if (slot instanceof Layout.ShapeSlot sh) {
                    if (hidden || (sh.with() != null && !present.getOrDefault(sh.with(), false))) continue;
                    Paint paint = sh.gradient() != null ? gradient(sh.gradient(), brand, r) : color(brand.resolveColor(sh.color()));
                    fill(g, paint, shape(r, sh.radius() * s), sh.opacity());
                } else if (slot instanceof Layout.ImageSlot im) {
                    if (hidden) {
                        notes.add(im.name() + ": hidden");
                        continue;
                    }
                    if (image(g, layout, im, r, value, request, s, notes)) pictures.add(new RenderedLayout.Picture(im.name(), box));
                } else if (slot instanceof Layout.TextSlot t) {
                    RenderedLayout.Text drawn = hidden ? null : text(g, layout, t, r, value, request, s, notes);
                    if (hidden) notes.add(t.name() + ": hidden");
                    if (drawn != null) texts.add(drawn);
                } else if (slot instanceof Layout.LogoSlot l) {
                    RenderedLayout.Logo drawn = hidden ? null : logo(g, canvas, l, r, value, request, notes);
                    if (drawn == null) missing.add(l.name());
                    else logos.add(drawn);
                }
            }
        } finally {
            g.dispose();
        }
        RenderedLayout rendered = new RenderedLayout(layout.name(), w, h, texts, logos, pictures, missing);
        return new Rendering(WorkingImage.fromBufferedImage(canvas), rendered, notes);
    }

    private static List<Slot> withOverrides(Layout layout, RenderRequest request) {
        if (request.slotOverrides().isEmpty()) return layout.slots();
        LayoutParser parser = new LayoutParser(request.brand(), request.home(), layout.folder());
        Map<String, Slot> replaced = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : request.slotOverrides().entrySet()) {
            Slot slot = layout.slot(e.getKey());
            if (slot == null) {
                throw new IllegalArgumentException("layout '" + layout.name() + "' has no slot '" + e.getKey() + "' to override (slots: "
                        + String.join(", ", names(layout)) + ")");
            }
            try {
                replaced.put(e.getKey(), parser.override(slot, e.getValue(), layout.width(), layout.height()));
            } catch (ConfigException x) {
                throw new IllegalArgumentException("layout '" + layout.name() + "', override of slot '" + e.getKey() + "': " + x.getMessage(), x);
            }
        }
        return layout.slots().stream().map(sl -> sl.name() != null && replaced.containsKey(sl.name()) ? replaced.get(sl.name()) : sl).toList();
    }

    private static List<String> names(Layout layout) {
        return layout.slots().stream().map(Slot::name).filter(n -> n != null).toList();
    }

    // which named slots will show something; shapes written `with: price` follow them
    private static Map<String, Boolean> presence(Layout layout, List<Slot> slots, RenderRequest request) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Slot slot : slots) {
            if (slot.name() == null) continue;
            String v = request.values().get(slot.name());
            boolean shown;
            if (v != null && v.trim().equalsIgnoreCase(NONE)) shown = false;
            else if (slot instanceof Layout.TextSlot t) shown = !text(v, t).isEmpty();
            else if (slot instanceof Layout.ImageSlot im) shown = v != null || im.file() != null || (im == mainOf(layout, slots) && request.image() != null);
            else shown = true;
            out.put(slot.name(), shown);
        }
        return out;
    }

    private static Layout.ImageSlot mainOf(Layout layout, List<Slot> slots) {
        Layout.ImageSlot main = layout.mainImage();
        if (main == null) return null;
        for (Slot s : slots) if (main.name().equals(s.name())) return (Layout.ImageSlot) s;
        return null;
    }

    private static String text(String value, Layout.TextSlot t) {
        String v = value != null ? value : t.fallback() == null ? "" : t.fallback();
        return v.strip();
    }

    private static void background(Graphics2D g, Layout.Background bg, RenderRequest request, int w, int h, List<String> notes) {
        BrandKit brand = request.brand();
        Rectangle all = new Rectangle(0, 0, w, h);
        if (bg instanceof Layout.Solid solid) {
            fill(g, color(opaque(brand.resolveColor(solid.color()))), all, 100);
        } else if (bg instanceof Layout.Gradient gr) {
            fill(g, color(opaque(brand.resolveColor(gr.from()))), all, 100);
            fill(g, gradient(gr, brand, all), all, 100);
        } else if (bg instanceof Layout.Blur blur) {
            if (request.image() == null) {
                fill(g, color(opaque(brand.resolveColor(blur.color()))), all, 100);
                notes.add("background: no picture to blur, " + blur.color() + " instead");
                return;
            }
            g.drawImage(blurred(request.image().mat(), w, h, blur.radius() * Math.min(w, h) / 1080.0), 0, 0, null);
            if (blur.darken() > 0) fill(g, Color.BLACK, all, blur.darken());
        } else if (bg instanceof Layout.Picture picture) {
            BufferedImage img;
            try {
                img = WatermarkAssets.logo(picture.file());
            } catch (IOException e) {
                throw new IllegalArgumentException("background: " + e.getMessage() + "; put the picture back or change the background");
            }
            Rect c = cover(img.getWidth(), img.getHeight(), w, h, 0.5, 0.5);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(img, 0, 0, w, h, c.x(), c.y(), c.x() + c.width(), c.y() + c.height(), null);
            if (picture.darken() > 0) fill(g, Color.BLACK, all, picture.darken());
            notes.add("background: " + picture.file().getFileName());
        }
    }

    // the picture covering the canvas, blurred; blurring a small copy and enlarging it is fast and just as soft
    private static BufferedImage blurred(Mat src, int w, int h, double radius) {
        Rect crop = cover(src.cols(), src.rows(), w, h, 0.5, 0.5);
        double shrink = Math.max(1, radius / 4);
        int sw = Math.max(8, (int) Math.round(w / shrink));
        int sh = Math.max(8, (int) Math.round(h / shrink));
        try (Mat region = new Mat(src, crop); Mat small = Resampler.resize(region, sw, sh)) {
            double sigma = Math.max(1, radius / shrink / 2);
            GaussianBlur(small, small, new Size(0, 0), sigma);
            try (Mat big = Resampler.resize(small, w, h); WorkingImage wi = new WorkingImage(big.clone())) {
                return wi.toBufferedImage();
            }
        }
    }

    // the largest window of the box's aspect inside a srcW x srcH picture, placed at (gx, gy) in 0..1
    private static Rect cover(int srcW, int srcH, int boxW, int boxH, double gx, double gy) {
        double aspect = (double) boxW / boxH;
        int cw = srcW;
        int ch = (int) Math.round(srcW / aspect);
        if (ch > srcH) {
            ch = srcH;
            cw = Math.max(1, Math.min(srcW, (int) Math.round(srcH * aspect)));
        }
        ch = Math.max(1, Math.min(srcH, ch));
        return new Rect((int) Math.round((srcW - cw) * gx), (int) Math.round((srcH - ch) * gy), cw, ch);
    }

    private static boolean image(Graphics2D g, Layout layout, Layout.ImageSlot im, Rectangle r, String value, RenderRequest request, double s,
                                 List<String> notes) {
        WorkingImage owned = null;
        WorkingImage picture;
        String from;
        boolean main = im == mainOf(layout, layout.slots()) || (layout.mainImage() != null && layout.mainImage().name().equals(im.name()));
        if (value != null && !value.isBlank()) {
            owned = WorkingImage.fromBufferedImage(readValue(im.name(), value, request.home()));
            picture = owned;
            from = value;
        } else if (main && request.image() != null) {
            picture = request.image();
            from = "the chain's image";
        } else if (im.file() != null) {
            try {
                owned = WorkingImage.fromBufferedImage(WatermarkAssets.logo(im.file()));
            } catch (IOException e) {
                throw new IllegalArgumentException("image slot '" + im.name() + "': " + e.getMessage() + "; put the file back into " + layout.folder());
            }
            picture = owned;
            from = im.file().getFileName().toString();
        } else {
            notes.add(im.name() + ": no picture (give one as the chain's image or a value)");
            return false;
        }
        try {
            BufferedImage placed = placed(picture.mat(), im, r, main ? request : null, notes);
            int x = r.x + (r.width - placed.getWidth()) / 2;
            int y = r.y + (r.height - placed.getHeight()) / 2;
            if (im.radius() > 0) placed = rounded(placed, im.radius() * s);
            Graphics2D gg = (Graphics2D) g.create();
            gg.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) (im.opacity() / 100)));
            gg.drawImage(placed, x, y, null);
            gg.dispose();
            notes.add(im.name() + ": " + from + " (" + im.fit().name().toLowerCase(Locale.ROOT) + ")");
            return true;
        } finally {
            if (owned != null) owned.close();
        }
    }

    // values come from sidecars, batch rows and calendar rows: they may name pictures under the hub home, through no link
    private static Path valuePath(String what, String value, Path home) {
        try {
            return dev.imagehub.files.ConfinedPaths.inside(home, value.trim());
        } catch (dev.imagehub.files.ConfinedPaths.RefusedPath e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    private static BufferedImage readValue(String slot, String value, Path home) {
        Path file = valuePath("image slot '" + slot + "'", value, home);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("image slot '" + slot + "': no file " + file + " (paths are relative to the hub home)");
        try {
            return WatermarkAssets.logo(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("image slot '" + slot + "': " + e.getMessage());
        }
    }

    // the picture scaled into the box: whole (fit) or covering it, cropped at the gravity or around the subject
    private static BufferedImage placed(Mat src, Layout.ImageSlot im, Rectangle r, RenderRequest withFocus, List<String> notes) {
        int sw = src.cols();
        int sh = src.rows();
        if (im.fit() == Layout.Fit.FIT) {
            double k = Math.min((double) r.width / sw, (double) r.height / sh);
            int fw = Math.max(1, (int) Math.round(sw * k));
            int fh = Math.max(1, (int) Math.round(sh * k));
            try (Mat m = Resampler.resize(src, fw, fh); WorkingImage wi = new WorkingImage(m.clone())) {
                return wi.toBufferedImage();
            }
        }
        Rect crop;
        if (im.fit() == Layout.Fit.SMART) {
            Rect c = cover(sw, sh, r.width, r.height, 0.5, 0.5);
            double[] focus = null;
            if (withFocus != null && withFocus.focus() != null) focus = withFocus.focus().inSource(sw, sh, "the picture");
            SmartCrop.Window win = SmartCrop.place(src, c.width(), c.height(), focus, focus == null ? "" : withFocus.focus().toString(), 1.0);
            crop = new Rect(win.x(), win.y(), win.width(), win.height());
            notes.add(im.name() + ": smart crop by " + win.basis());
        } else {
            double[] gxy = gravity(im.gravity());
            crop = cover(sw, sh, r.width, r.height, gxy[0], gxy[1]);
        }
        try (Mat region = new Mat(src, crop); Mat m = Resampler.resize(region, r.width, r.height); WorkingImage wi = new WorkingImage(m.clone())) {
            return wi.toBufferedImage();
        }
    }

    private static double[] gravity(String g) {
        return switch (g) {
            case "top" -> new double[] {0.5, 0};
            case "bottom" -> new double[] {0.5, 1};
            case "left" -> new double[] {0, 0.5};
            case "right" -> new double[] {1, 0.5};
            case "topLeft" -> new double[] {0, 0};
            case "topRight" -> new double[] {1, 0};
            case "bottomLeft" -> new double[] {0, 1};
            case "bottomRight" -> new double[] {1, 1};
            default -> new double[] {0.5, 0.5};
        };
    }

    // antialiased round corners: the picture masked by a smooth rounded rectangle
    private static BufferedImage rounded(BufferedImage img, double radius) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(0, 0, img.getWidth(), img.getHeight(), radius * 2, radius * 2));
        g.setComposite(AlphaComposite.SrcIn);
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    private static RenderedLayout.Text text(Graphics2D g, Layout layout, Layout.TextSlot t, Rectangle r, String value, RenderRequest request,
                                            double s, List<String> notes) {
        String text = text(value, t);
        if (text.isEmpty()) {
            if (t.required()) {
                throw new IllegalArgumentException("text slot '" + t.name() + "' of layout '" + layout.name() + "' needs a text: give \""
                        + t.name() + "\" in the sidecar JSON beside the image (a batch or calendar row's column), in the chain's values "
                        + "(template: { name: " + layout.name() + ", values: { " + t.name() + ": ... } }), or as its default in "
                        + LayoutCatalog.FOLDER + "/" + layout.name() + "/" + LayoutCatalog.FILE + " (or mark it required: false)");
            }
            return null;
        }
        if (t.textCase() == Layout.Case.UPPER) text = text.toUpperCase(Locale.ROOT);
        FontChain fonts;
        try {
            fonts = FontChain.of(t.font(), request.brand(), request.home());
        } catch (IOException e) {
            throw new IllegalArgumentException("text slot '" + t.name() + "': " + e.getMessage());
        }
        Layout.Overflow overflow = t.overflow() != null ? t.overflow() : request.overflow();
        TextFitter.Fitted fitted;
        try {
            fitted = TextFitter.fit(new TextFitter.Spec(text, fonts, r, (float) (t.size() * s), (float) Math.min(t.size() * s, t.minSize() * s),
                    t.maxLines(), t.lineHeight(), t.align(), t.valign(), overflow, t.name()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("text slot") ? e.getMessage() : "text slot '" + t.name() + "': " + e.getMessage(), e);
        }
        Rgba rgba = request.brand().resolveColor(t.color());
        Graphics2D gg = (Graphics2D) g.create();
        gg.clip(r);
        gg.setColor(color(rgba));
        fitted.draw(gg);
        gg.dispose();
        notes.add(String.format(Locale.ROOT, "%s: %d line(s) at %.1f px%s%s", t.name(), fitted.lines().size(), fitted.size(),
                fitted.shrunk() ? String.format(Locale.ROOT, " (shrunk from %.0f px)", t.size() * s) : "",
                fitted.ellipsis() ? " (ellipsis: the text did not fit at the minimum size)" : ""));
        Rectangle ink = fitted.ink().isEmpty() ? new Rectangle(r.x, r.y, 0, 0) : fitted.ink().intersection(r);
        return new RenderedLayout.Text(t.name(), fitted.text(), new RenderedLayout.Box(r.x, r.y, r.width, r.height),
                new RenderedLayout.Box(ink.x, ink.y, ink.width, ink.height), rgba, fitted.size(), fonts.bold());
    }

    private static RenderedLayout.Logo logo(Graphics2D g, BufferedImage canvas, Layout.LogoSlot l, Rectangle r, String value,
                                            RenderRequest request, List<String> notes) {
        Path file;
        boolean dark = switch (l.variant()) {
            case "light" -> true;
            case "dark" -> false;
            default -> darkUnder(canvas, r);
        };
        if (value != null && !value.isBlank()) {
            file = valuePath("logo slot '" + l.name() + "'", value, request.home());
        } else {
            file = request.brand().logoFor(dark);
        }
        if (file == null) {
            notes.add(l.name() + ": the brand has no logo");
            return null;
        }
        BufferedImage img;
        try {
            img = WatermarkAssets.logo(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("logo slot '" + l.name() + "': " + e.getMessage());
        }
        double k = Math.min((double) r.width / img.getWidth(), (double) r.height / img.getHeight());
        int lw = Math.max(1, Math.min(r.width, (int) Math.round(img.getWidth() * k)));
        int lh = Math.max(1, Math.min(r.height, (int) Math.round(img.getHeight() * k)));
        BufferedImage scaled;
        try (WorkingImage src = WorkingImage.fromBufferedImage(img); Mat m = Resampler.resize(src.mat(), lw, lh);
             WorkingImage out = new WorkingImage(m.clone())) {
            scaled = out.toBufferedImage();
        }
        int x = switch (l.align()) {
            case "left" -> r.x;
            case "right" -> r.x + r.width - lw;
            default -> r.x + (r.width - lw) / 2;
        };
        int y = r.y + (r.height - lh) / 2;
        Graphics2D gg = (Graphics2D) g.create();
        gg.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) (l.opacity() / 100)));
        gg.drawImage(scaled, x, y, null);
        gg.dispose();
        notes.add(l.name() + ": " + file.getFileName() + (dark ? " on dark ground" : " on light ground"));
        return new RenderedLayout.Logo(l.name(), new RenderedLayout.Box(x, y, lw, lh), file, dark);
    }

    // dark ground: white contrasts better with the mean colour under the box than black does
    private static boolean darkUnder(BufferedImage canvas, Rectangle r) {
        long sr = 0, sg = 0, sb = 0, n = 0;
        int step = Math.max(1, Math.min(r.width, r.height) / 24);
        for (int y = r.y; y < r.y + r.height; y += step) {
            for (int x = r.x; x < r.x + r.width; x += step) {
                int rgb = canvas.getRGB(x, y);
                sr += (rgb >> 16) & 0xFF;
                sg += (rgb >> 8) & 0xFF;
                sb += rgb & 0xFF;
                n++;
            }
        }
        Rgba mean = new Rgba((int) (sr / n), (int) (sg / n), (int) (sb / n), 255);
        return Contrast.ratio(Rgba.WHITE, mean) > Contrast.ratio(new Rgba(0, 0, 0, 255), mean);
    }

    private static Shape shape(Rectangle r, double radius) {
        return radius <= 0 ? r : new RoundRectangle2D.Double(r.x, r.y, r.width, r.height, radius * 2, radius * 2);
    }

    private static void fill(Graphics2D g, Paint paint, Shape shape, double opacity) {
        Graphics2D gg = (Graphics2D) g.create();
        gg.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) (opacity / 100)));
        gg.setPaint(paint);
        gg.fill(shape);
        gg.dispose();
    }

    // a gradient across the box along the angle (0: left to right, 90: top to bottom)
    private static Paint gradient(Layout.Gradient gr, BrandKit brand, Rectangle r) {
        double a = Math.toRadians(gr.angle());
        double dx = Math.cos(a);
        double dy = Math.sin(a);
        double half = Math.abs(r.width / 2.0 * dx) + Math.abs(r.height / 2.0 * dy);
        double cx = r.getCenterX();
        double cy = r.getCenterY();
        Point2D start = new Point2D.Double(cx - dx * half, cy - dy * half);
        Point2D end = new Point2D.Double(cx + dx * half, cy + dy * half);
        if (start.distance(end) < 1) end = new Point2D.Double(start.getX() + 1, start.getY());
        Color from = color(brand.resolveColor(gr.from()));
        Color to = color(brand.resolveColor(gr.to()));
        // a fade to transparent keeps the hue of the other end, so it does not pass through grey
        if (to.getAlpha() == 0) to = new Color(from.getRed(), from.getGreen(), from.getBlue(), 0);
        if (from.getAlpha() == 0) from = new Color(to.getRed(), to.getGreen(), to.getBlue(), 0);
        return new LinearGradientPaint(start, end, new float[] {0f, 1f}, new Color[] {from, to});
    }

    private static Rgba opaque(Rgba c) {
        return new Rgba(c.r(), c.g(), c.b(), 255);
    }

    private static Color color(Rgba c) {
        return new Color(c.r(), c.g(), c.b(), c.a());
    }
}
