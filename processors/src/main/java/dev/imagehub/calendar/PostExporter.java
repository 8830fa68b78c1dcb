package dev.imagehub.calendar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.ConfiguredStep;
import dev.imagehub.chain.Errors;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.chain.StepFailure;
import dev.imagehub.files.AtomicFiles;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.intake.SafeNames;
import dev.imagehub.layout.Layout;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.ledger.UsageRecord;

/**
 * Exports one post: for each platform, the image through a chain made of the platform's resize preset followed by the
 * row's chain (if any), or for a {@code template:<layout>} row the layout rendered at the platform's preset size, written with the caption beside it into {@code outbox/calendar/<date>/<platform>/}; then the
 * day's ZIP ({@code outbox/calendar/<date>.zip}) is rebuilt from everything exported for that date so far.
 */
public final class PostExporter {
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");
    private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HHmmss");
    /** The day's account of what was exported, at what size, and what was enlarged: {@code <date>/report.txt}. */
    public static final String REPORT = "report.txt";

    private final Path home;
    private final Path outbox;
    private final ChainCatalog chains;
    private final StepCatalog steps;

    /**
     * What one export wrote, the platforms that failed with their reasons (empty when all went well), the SHA-256 of the
     * source image, the ledger rows of each platform's chain run, and notes a person should read (a picture enlarged to
     * reach a platform's size).
     */
    public record Result(List<Path> files, Path zip, List<String> failures, String sha256, List<PlatformUsage> usage, List<String> notes) {
    }

    /** The operations (decode, resize, ..., encode) of one platform's chain run, for usage_log. */
    public record PlatformUsage(String platform, List<UsageRecord> records) {
    }

    public PostExporter(Path home, ChainCatalog chains, StepCatalog steps) {
        this.home = home;
        this.outbox = home.resolve("outbox").resolve("calendar");
        this.chains = chains;
        this.steps = steps;
    }

    public Path outbox() {
        return outbox;
    }

    /** Exports {@code post}; a platform that fails is reported in the result and does not stop the other platforms. */
    public Result export(CalendarPost post) throws IOException {
        return export(post, false);
    }

    /**
     * As {@link #export(CalendarPost)}; {@code held}: into the post's review folder ({@link #heldDir}) instead of its
     * day, without the day's ZIP, until a reviewer {@link #release releases} it.
     */
    public Result export(CalendarPost post, boolean held) throws IOException {
        Path day = held ? heldDir(post.date(), post.key()) : outbox.resolve(post.date().toString());
        if (post.image().isEmpty()) {
            // a template row without an image (a quote card of the day): the layout drawn from the row's texts alone,
            // named after the layout, as PNG (crisp text); its layout and texts identify it in the ledger
            byte[] content = (post.template() + "\n" + post.caption() + "\n" + post.values()).getBytes(StandardCharsets.UTF_8);
            return exportEach(post, day, !held, SafeNames.safeStem(post.template()), content, null,
                    platform -> ChainRunner.runText(chain(post, platform), post.template() + ".png", sidecar(post), null));
        }
        Path source = home.resolve(post.image()).normalize();
        if (!source.startsWith(home) || !Files.isRegularFile(source)) {
            throw new IOException("image '" + post.image() + "' not found in " + home + " (calendar " + post.describe() + ")");
        }
        byte[] bytes = dev.imagehub.files.FileBytes.read(source);
        ImageInfo info;
        try {
            info = ImageProbe.probe(bytes);
        } catch (Exception e) {
            throw new IOException("image '" + post.image() + "' cannot be read: " + Errors.reason(e), e);
        }
        String fileName = source.getFileName().toString();
        return exportEach(post, day, !held, SafeNames.safeStem(SafeNames.stem(fileName)), bytes, new int[] {info.orientedWidth(), info.orientedHeight()},
                platform -> ChainRunner.run(chain(post, platform), fileName, bytes, info, sidecar(post)));
    }

    /** Where a post held for review waits: {@code outbox/calendar/.review/<date>-<first 12 of its key>/<platform>/}. */
    public Path heldDir(java.time.LocalDate date, String key) {
        return outbox.resolve(REVIEW_DIR).resolve(date + "-" + key.substring(0, Math.min(12, key.length())));
    }

    /** The folder of posts waiting for review, under the calendar's outbox. */
    public static final String REVIEW_DIR = ".review";

    /**
     * Moves a held post's files to its day (approved: then the day's report and ZIP as for any export) or to
     * {@code declined/<date>/}; names already taken get a number. Safe to run again after a crash. Returns the files'
     * new places.
     */
    public List<Path> release(java.time.LocalDate date, String key, boolean approve) throws IOException {
        Path held = heldDir(date, key);
        Path day = approve ? outbox.resolve(date.toString()) : outbox.resolve("declined").resolve(date.toString());
        List<Path> moved = new ArrayList<>();
        if (Files.isDirectory(held)) {
            List<Path> files;
            try (Stream<Path> all = Files.walk(held)) {
                files = all.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
            }
            for (Path f : files) {
                Path relative = held.relativize(f);
                if (relative.toString().equals(REPORT)) {
                    mergeReport(day.resolve(REPORT), Files.readString(f, StandardCharsets.UTF_8));
                    Files.delete(f);
                    continue;
                }
                Path dir = day.resolve(relative).getParent();
                Files.createDirectories(dir);
                String name = f.getFileName().toString();
                String placed = dev.imagehub.intake.Publisher.publish(f, dir, SafeNames.stem(name), SafeNames.extension(name));
                moved.add(dir.resolve(placed));
            }
            try (Stream<Path> dirs = Files.walk(held)) {
                for (Path d : dirs.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(d);
            }
        }
        if (approve && Files.isDirectory(day)) zipDay(day);
        return moved;
    }

    /** A platform's picture of a post, computed for a look before its time; {@code note} says what it leaves out. */
    public record Preview(byte[] bytes, String extension, int width, int height, String note) {
    }

    /** The picture {@code post} would give on {@code platform}, written nowhere; paid (AI) steps are left out. */
    public Preview preview(CalendarPost post, CalendarPost.Platform platform) throws Exception {
        ChainDefinition chain = chain(post, platform);
        String note = "";
        if (chain.paid()) {
            chain = chains.compose("calendar-preview-" + platform.name(), "steps:\n  - resize: { preset: " + platform.preset() + ", upscale: true }\n",
                    "calendar " + post.describe(), steps);
            note = "without the AI steps of chain '" + post.chain() + "' (they run, and are paid, at export)";
        }
        ChainResult result;
        if (post.image().isEmpty()) {
            result = ChainRunner.runText(chain, post.template() + ".png", sidecar(post), null);
        } else {
            Path source = home.resolve(post.image()).normalize();
            if (!source.startsWith(home) || !Files.isRegularFile(source)) throw new IOException("image '" + post.image() + "' not found");
            byte[] bytes = dev.imagehub.files.FileBytes.read(source);
            result = ChainRunner.run(chain, source.getFileName().toString(), bytes, ImageProbe.probe(bytes), sidecar(post));
        }
        ChainResult.Output out = result.outputs().stream().filter(o -> o.format() != null).findFirst()
                .orElseThrow(() -> new IOException("the chain gives no picture"));
        return new Preview(out.bytes(), out.extension(), out.width(), out.height(), note);
    }

    /** One platform's chain run. */
    private interface PlatformRun {
        ChainResult run(CalendarPost.Platform platform) throws StepFailure;
    }

    // each platform's outputs and the caption into <date>/<platform>/<HHmm>-<name>.*, then the day's ZIP
    private Result exportEach(CalendarPost post, Path day, boolean zipDay, String name, byte[] content, int[] sourceSize, PlatformRun run)
            throws IOException {
        String stem = (post.time().getSecond() == 0 ? HHMM : HHMMSS).format(post.time()) + "-" + name;
        List<Path> written = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<PlatformUsage> usage = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        for (CalendarPost.Platform platform : post.platforms()) {
            Path dir = day.resolve(platform.name());
            try {
                ChainResult result = run.run(platform);
                usage.add(new PlatformUsage(platform.name(), result.usage()));
                Files.createDirectories(dir);
                // the caption first, then the picture a reader waits for; the day's ZIP after all of them
                written.add(write(dir, stem + ".txt", post.caption().getBytes(StandardCharsets.UTF_8)));
                for (ChainResult.Output out : result.outputs()) {
                    written.add(write(dir, stem + out.suffix() + "." + out.extension(), out.bytes()));
                }
                String enlarged = enlargement(platform, sourceSize, result);
                if (enlarged != null) notes.add(enlarged);
                sizes.add(platform.name() + " " + result.outputs().stream().filter(o -> o.format() != null).findFirst()
                        .map(o -> o.width() + "x" + o.height()).orElse("(no picture)"));
            } catch (StepFailure e) {
                usage.add(new PlatformUsage(platform.name(), e.usage()));
                failures.add(platform.name() + ": " + e.step() + ": " + e.getMessage());
            } catch (Exception e) {
                failures.add(platform.name() + ": " + Errors.reason(e));
            }
        }
        if (!written.isEmpty()) report(day, stem, sizes, notes, failures);
        Path zip = written.isEmpty() || !zipDay ? null : zipDay(day);
        return new Result(List.copyOf(written), zip, List.copyOf(failures), sha256(content), List.copyOf(usage), List.copyOf(notes));
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each layout of templates/layouts with its slot names, for checking template rows; empty when they cannot be read. */
    public Map<String, Set<String>> layouts() {
        LayoutCatalog catalog;
        try {
            catalog = LayoutCatalog.load(home);
        } catch (RuntimeException e) {
            // a layout broken after start-up: template rows are then reported as unknown layouts until it is fixed
            return Map.of();
        }
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (String name : catalog.names()) {
            Set<String> slots = new TreeSet<>();
            for (Layout.Slot s : catalog.get(name).slots()) if (s.name() != null) slots.add(s.name());
            out.put(name, slots);
        }
        return out;
    }

    /**
     * What a template row's layout is filled with: the row's slot columns, and its caption as the value
     * {@code caption}, which fills the layout's caption slot, else its first required text without a value.
     */
    Map<String, Object> sidecar(CalendarPost post) {
        String name = post.template();
        if (name == null) return Map.of();
        Map<String, Object> values = new LinkedHashMap<>(post.values());
        Layout layout = LayoutCatalog.load(home).get(name);
        if (layout == null || post.caption().isBlank()) return values;
        if (layout.slot("caption") != null) {
            values.putIfAbsent("caption", post.caption());
            return values;
        }
        for (Layout.Slot s : layout.slots()) {
            if (s instanceof Layout.TextSlot t && t.required() && !values.containsKey(t.name())) {
                values.put(t.name(), post.caption());
                break;
            }
        }
        return values;
    }

    private ChainDefinition chain(CalendarPost post, CalendarPost.Platform platform) {
        String display = "calendar " + post.describe();
        if (post.template() != null) {
            // the layout is composed at the platform's size (a story is a 1080x1920 composition, not a cropped square)
            return chains.compose("calendar-" + platform.name() + "-template-" + post.template(),
                    "steps:\n  - template: { name: " + post.template() + ", size: " + platform.preset() + " }\n", display, steps);
        }
        // a post leaves at the platform's exact size: a smaller picture is enlarged (Lanczos), and the export says so
        ChainDefinition resize = chains.compose("calendar-" + platform.name(),
                "steps:\n  - resize: { preset: " + platform.preset() + ", upscale: true }\n", display, steps);
        if (post.chain() == null) return resize;
        ChainDefinition named = chains.get(post.chain());
        if (named == null) throw new IllegalStateException("chain '" + post.chain() + "' is no longer in config/chains.yaml");
        List<ConfiguredStep<?>> all = new ArrayList<>(resize.steps());
        all.addAll(named.steps());
        return new ChainDefinition(resize.name() + "+" + named.name(), named.description(), List.copyOf(all));
    }

    // Written beside the target and moved in atomically: a reader never sees half a file; a re-export replaces it
    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path target = dir.resolve(name);
        AtomicFiles.write(target, bytes);
        return target;
    }

    // <date>/report.txt: one paragraph per exported post (sizes, enlargements, failures), before the day's ZIP
    private static void report(Path day, String stem, List<String> sizes, List<String> notes, List<String> failures) throws IOException {
        String paragraph = stem + ": " + String.join(", ", sizes) + "\n";
        for (String n : notes) paragraph += "  " + n + "\n";
        for (String f : failures) paragraph += "  failed: " + f + "\n";
        mergeReport(day.resolve(REPORT), paragraph);
    }

    // a post exported again (a changed row) replaces its paragraph
    private static void mergeReport(Path report, String paragraphs) throws IOException {
        String old = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "";
        for (String paragraph : paragraphs.split("(?m)^(?=\\S)")) {
            if (paragraph.isEmpty()) continue;
            String stem = paragraph.substring(0, paragraph.indexOf(": ") + 2);
            StringBuilder out = new StringBuilder();
            for (String k : old.split("(?m)^(?=\\S)")) if (!k.isEmpty() && !k.startsWith(stem)) out.append(k);
            old = out.append(paragraph).toString();
        }
        AtomicFiles.write(report, old.getBytes(StandardCharsets.UTF_8));
    }

    /** "instagram: enlarged 1.13x from 960x1200 ..." when the picture was smaller than the platform's size, else null. */
    static String enlargement(CalendarPost.Platform platform, int[] source, ChainResult result) {
        if (source == null) return null;
        ChainResult.Output main = result.outputs().stream().filter(o -> o.format() != null && o.suffix().isEmpty()).findFirst().orElse(null);
        if (main == null) return null;
        double factor = Math.max((double) main.width() / source[0], (double) main.height() / source[1]);
        if (factor <= 1.0 + 1e-9) return null;
        return String.format(Locale.ROOT, "%s: the picture (%dx%d) is smaller than %s's %dx%d, so it was enlarged %.2fx (Lanczos); "
                + "a larger original would look sharper", platform.name(), source[0], source[1], platform.name(), main.width(),
                main.height(), factor);
    }

    /** Rebuilds {@code <date>.zip} from the day's folder: one entry per file, as {@code <platform>/<name>}. */
    private Path zipDay(Path day) throws IOException {
        Path zip = outbox.resolve(day.getFileName() + ".zip");
        List<Path> files;
        try (Stream<Path> all = Files.walk(day)) {
            files = all.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
        AtomicFiles.write(zip, out -> {
            ZipOutputStream z = new ZipOutputStream(out);
            for (Path f : files) {
                z.putNextEntry(new ZipEntry(day.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, z);
                z.closeEntry();
            }
            z.finish();
        });
        return zip;
    }
}
