package dev.imagehub.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.chain.StepContext;
import dev.imagehub.chain.StepHarness;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Resampler;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.testing.EnhanceMetrics;

/**
 * What the shipped {@code enhance} chain's steps (autoEnhance, then sharpen) do to every photo of the corpus, in the
 * figures of {@link EnhanceMetrics}, measured at a 1024 px working size; and a contact sheet of every photo before and
 * after. Not a test: run it with {@code bench/enhance-quality.sh}; its table and sheet are in docs/enhance.md.
 *
 * <p>Arguments: the corpus folder, then optionally {@code --sheet FILE} (a JPEG contact sheet), {@code --pick a,b,c}
 * (only photos whose names contain one of these on the sheet), {@code --limit N} and {@code --only STEP} (one step of
 * the chain alone).
 */
public final class EnhanceQualityBench {
    static final String[][] CHAIN = {{"autoEnhance", "{ }"}, {"sharpen", "{ amount: 60, radius: 1.0, threshold: 3 }"}};
    private static final int WORKING = 1024;
    private static final int THUMB = 160;

    private EnhanceQualityBench() {
    }

    /** One photo's figures. */
    public record Row(String name, EnhanceMetrics m) {
    }

    // --only <step>: measure one step of the chain alone (to see which one a figure comes from)
    private static String only;

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "../shared/corpus");
        String sheet = null;
        int limit = Integer.MAX_VALUE;
        List<String> pick = List.of();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--sheet")) sheet = args[i + 1];
            if (args[i].equals("--limit")) limit = Integer.parseInt(args[i + 1]);
            if (args[i].equals("--only")) only = args[i + 1];
            if (args[i].equals("--pick")) pick = List.of(args[i + 1].split(","));
        }
        List<Row> rows = new ArrayList<>();
        List<Row> sheetRows = new ArrayList<>();
        List<BufferedImage[]> pairs = new ArrayList<>();
        for (Path photo : photos(corpus, limit)) {
            Mat[] ba = beforeAfter(photo);
            try (Mat before = ba[0]; Mat after = ba[1]) {
                String name = photo.getFileName().toString();
                Row row = new Row(name, EnhanceMetrics.of(before, after));
                rows.add(row);
                if (sheet != null && (pick.isEmpty() || pick.stream().anyMatch(name::contains))) {
                    sheetRows.add(row);
                    pairs.add(new BufferedImage[] {thumb(before), thumb(after)});
                }
            }
            System.err.println("done " + photo.getFileName());
        }
        System.out.print(table(rows));
        if (sheet != null) writeSheet(pairs, sheetRows, Path.of(sheet));
    }

    /** The corpus photos (JPEG photos and wallpapers), by name. */
    public static List<Path> photos(Path corpus, int limit) throws Exception {
        try (Stream<Path> s = Files.list(corpus.resolve("real"))) {
            return s.filter(p -> p.getFileName().toString().matches("(photo|wall)-.*\\.jpg")).sorted().limit(limit).toList();
        }
    }

    /** {before, after} at the working size: the photo upright, then through the enhance chain's steps. */
    public static Mat[] beforeAfter(Path photo) throws Exception {
        byte[] bytes = Files.readAllBytes(photo);
        ImageInfo info = ImageProbe.probe(bytes);
        // shrink-on-load, as the hub does: a JPEG decoded at 1/2, 1/4 or 1/8 when that still leaves the working size
        double longSide = Math.max(info.width(), info.height());
        int reduction = ImageDecoder.reductionFor(info, (int) Math.ceil(Math.min(info.width(), WORKING * info.width() / longSide)),
                (int) Math.ceil(Math.min(info.height(), WORKING * info.height() / longSide)));
        try (WorkingImage decoded = ImageDecoder.decode(bytes, info, reduction)) {
            Mat upright;
            try (StepContext ctx = StepHarness.context(decoded.mat())) {
                StepHarness.apply(ctx, "autoOrient", "{ }");
                upright = ctx.image().mat().clone();
            }
            double s = Math.min(1.0, (double) WORKING / Math.max(upright.cols(), upright.rows()));
            Mat before = Resampler.resize(upright, (int) Math.round(upright.cols() * s), (int) Math.round(upright.rows() * s));
            upright.close();
            if (before.channels() != 3) {
                Mat bgr = dev.imagehub.image.enhance.Channels.bgr(before);
                before.close();
                before = bgr;
            }
            try (StepContext ctx = StepHarness.context(before)) {
                for (String[] step : CHAIN) {
                    if (only == null || only.equals(step[0])) StepHarness.apply(ctx, step[0], step[1]);
                }
                return new Mat[] {before, ctx.image().mat().clone()};
            }
        }
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| photo | near-grey chroma (share) | muted chroma | newly clipped | dominant hue shift | mean L* | L* spread |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            EnhanceMetrics m = r.m();
            sb.append(String.format(Locale.ROOT, "| %s | %.1f -> %.1f (%.0f %%) | %.1f -> %.1f | %.2f %% | %.1f° | %.1f -> %.1f | x%.2f |%n",
                    r.name().replaceAll("\\.jpg$", ""), m.neutralChromaBefore(), m.neutralChromaAfter(), 100 * m.neutralShare(),
                    m.mutedChromaBefore(), m.mutedChromaAfter(), 100 * m.newlyClipped(), m.dominantHueShift(), m.meanLBefore(),
                    m.meanLAfter(), m.spreadRatio()));
        }
        sb.append(String.format(Locale.ROOT, "%n%d photos. Largest: near-grey chroma change %+.2f, muted chroma x%.2f, newly clipped %.2f %%, "
                        + "dominant hue shift %.1f°, mean L* change %.1f, spread x%.2f. Mean: near-grey chroma change %+.2f, newly clipped "
                        + "%.3f %%, hue shift %.2f°.%n", rows.size(),
                rows.stream().mapToDouble(r -> r.m().neutralChromaChange()).max().orElse(0),
                rows.stream().mapToDouble(r -> r.m().mutedChromaRatio()).max().orElse(0),
                100 * rows.stream().mapToDouble(r -> r.m().newlyClipped()).max().orElse(0),
                rows.stream().mapToDouble(r -> r.m().dominantHueShift()).max().orElse(0),
                rows.stream().mapToDouble(r -> Math.abs(r.m().meanLChange())).max().orElse(0),
                rows.stream().mapToDouble(r -> r.m().spreadRatio()).max().orElse(0),
                rows.stream().mapToDouble(r -> r.m().neutralChromaChange()).average().orElse(0),
                100 * rows.stream().mapToDouble(r -> r.m().newlyClipped()).average().orElse(0),
                rows.stream().mapToDouble(r -> r.m().dominantHueShift()).average().orElse(0)));
        return sb.toString();
    }

    private static BufferedImage thumb(Mat bgr) throws Exception {
        double s = (double) THUMB / Math.max(bgr.cols(), bgr.rows());
        try (Mat small = Resampler.resize(bgr, Math.max(1, (int) Math.round(bgr.cols() * s)), Math.max(1, (int) Math.round(bgr.rows() * s)));
             WorkingImage w = new WorkingImage(small.clone())) {
            return w.toBufferedImage();
        }
    }

    // four pairs to a row: each cell the photo before | after, its name and figures under it
    private static void writeSheet(List<BufferedImage[]> pairs, List<Row> rows, Path file) throws Exception {
        int perRow = 4, gap = 8, label = 34;
        int cellW = 2 * THUMB + gap, cellH = THUMB + label;
        int cols = Math.min(perRow, pairs.size());
        int lines = (pairs.size() + perRow - 1) / perRow;
        BufferedImage sheet = new BufferedImage(cols * (cellW + 2 * gap) + gap, lines * (cellH + gap) + gap + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0x20, 0x22, 0x26));
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("enhance chain on " + rows.size() + " corpus photos: before (left) and after (right) of each pair", gap, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < pairs.size(); i++) {
            int x = gap + (i % perRow) * (cellW + 2 * gap);
            int y = 30 + gap + (i / perRow) * (cellH + gap);
            BufferedImage[] p = pairs.get(i);
            g.drawImage(p[0], x + (THUMB - p[0].getWidth()) / 2, y + (THUMB - p[0].getHeight()) / 2, null);
            g.drawImage(p[1], x + THUMB + gap + (THUMB - p[1].getWidth()) / 2, y + (THUMB - p[1].getHeight()) / 2, null);
            EnhanceMetrics m = rows.get(i).m();
            g.setColor(Color.WHITE);
            g.drawString(rows.get(i).name().replaceAll("\\.jpg$", ""), x, y + THUMB + 13);
            g.setColor(new Color(0xB0, 0xB8, 0xC0));
            g.drawString(String.format(Locale.ROOT, "grey chroma %+.1f  clip %+.2f%%  hue %.1f°  L* %+.1f", m.neutralChromaChange(),
                    100 * m.newlyClipped(), m.dominantHueShift(), m.meanLChange()), x, y + THUMB + 27);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (file.toString().endsWith(".png")) {
            ImageIO.write(sheet, "png", file.toFile());
            return;
        }
        javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = w.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.7f);
        // a stream, not ImageIO's File output: that one overwrites in place and leaves a longer old sheet's tail behind
        try (var os = Files.newOutputStream(file); var out = ImageIO.createImageOutputStream(os)) {
            w.setOutput(out);
            w.write(null, new javax.imageio.IIOImage(sheet, null, null), param);
        }
        w.dispose();
    }
}
