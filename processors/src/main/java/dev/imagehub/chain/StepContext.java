package dev.imagehub.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.imagehub.image.EncodeSettings;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageFrame;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.WorkingImage;

/**
 * Per-file state shared by the steps of one chain run: the decoded pixels, the metadata that may be carried over,
 * the pending EXIF orientation and the encode settings. One context per file; never shared between threads.
 */
public final class StepContext implements AutoCloseable {
    private final String fileName;
    private final ImageInfo source;
    private final EncodeSettings encode = new EncodeSettings();
    private WorkingImage image;
    private int orientation;
    private byte[] exif;
    private byte[] icc;
    private final StringBuilder note = new StringBuilder();
    private final Map<String, Object> sidecar;
    private final List<Extra> extras = new ArrayList<>();
    private final Map<String, AutoCloseable> kept = new java.util.HashMap<>();
    private ImageFrame frame;
    private final JobScope scope;
    private int stepIndex;
    private final List<dev.imagehub.ledger.UsageRecord> charges = new ArrayList<>();
    private final List<ChainResult.Output> files = new ArrayList<>();
    private final List<ChainResult.Output> indexes = new ArrayList<>();
    private final List<ChainResult.Append> appends = new ArrayList<>();
    private final List<Map.Entry<String, AfterEncode>> afterEncode = new ArrayList<>();
    private byte[] sourceBytes;
    private byte[] sourceFile;
    private boolean chainKeepsPicture;
    private long sourceFingerprint;
    private String mainSuffix = "";
    private boolean deliverImage = true;

    /** An additional image a step asks to deliver beside the main result (e.g. a before/after comparison). */
    public record Extra(String suffix, WorkingImage image, ImageFormat format) {
    }

    public StepContext(String fileName, ImageInfo source) {
        this(fileName, source, Map.of());
    }

    /** {@code sidecar}: the parsed {@code <file>.json} dropped beside the image (focus point, prompt, ...), or empty. */
    public StepContext(String fileName, ImageInfo source, Map<String, Object> sidecar) {
        this(fileName, source, sidecar, null);
    }

    /** {@code scope}: the job this run works for (null outside a journaled job, e.g. in animation frames or tools). */
    public StepContext(String fileName, ImageInfo source, Map<String, Object> sidecar, JobScope scope) {
        this.scope = scope;
        this.fileName = fileName;
        this.source = source;
        this.sidecar = Map.copyOf(sidecar);
        this.orientation = source.orientation();
        this.exif = source.exif();
        this.icc = source.icc();
    }

    /** The original file name as dropped, for messages and output naming. */
    public String fileName() { return fileName; }
    public ImageInfo source() { return source; }
    public WorkingImage image() { return image; }
    public EncodeSettings encode() { return encode; }

    void image(WorkingImage decoded) {
        this.image = decoded;
        this.frame = ImageFrame.decoded(source, decoded.width(), decoded.height());
    }

    /**
     * Replaces the pixels with a new, upright sRGB image made elsewhere (an AI output): the old pixels are released,
     * the pending orientation and the source's colour profile no longer apply, and the new pixels count as covering
     * the whole source.
     */
    public void replaceImage(WorkingImage next) {
        WorkingImage old = this.image;
        this.image = next;
        this.orientation = 1;
        this.icc = null;
        this.frame = ImageFrame.decoded(source, next.width(), next.height());
        if (old != null && old != next) old.close();
    }

    // Only chains with a step that may send the original file pay for the fingerprint (one pass over the pixels). A
    // shrink-on-load decode is already smaller than the file: the file is then never offered in its place.
    /** The source file's bytes as they arrived (for what a step reads from its metadata, such as its title); null from text. */
    public byte[] sourceFile() {
        return sourceFile;
    }

    void sourceFile(byte[] bytes) {
        this.sourceFile = bytes;
    }

    boolean chainKeepsPicture() {
        return chainKeepsPicture;
    }

    void chainKeepsPicture(boolean keeps) {
        this.chainKeepsPicture = keeps;
    }

    void rememberSource(byte[] bytes) {
        if (image.width() != source.width() || image.height() != source.height()) return;
        this.sourceBytes = bytes;
        this.sourceFingerprint = PixelFingerprint.of(image);
    }

    /**
     * The file's original bytes while no step has changed the decoded pixels or their orientation, else null. AI steps
     * send these rather than a re-encode: no generation loss, and the same file hits the upload cache.
     */
    public byte[] untouchedSource() {
        if (sourceBytes == null || orientation != source.orientation()) return null;
        return PixelFingerprint.of(image) == sourceFingerprint ? sourceBytes : null;
    }

    /** The suffix of the main output (empty: {@code photo.jpg}); a step whose first of several results is the main one sets it. */
    public String mainSuffix() { return mainSuffix; }
    public void mainSuffix(String suffix) { this.mainSuffix = suffix; }

    /**
     * Whether the working image is delivered as a result; steps whose result is a file of another kind (a 3D model, a
     * video) turn it off so the outbox holds only what the user asked for.
     */
    public boolean deliverImage() { return deliverImage; }
    public void deliverImage(boolean deliver) { this.deliverImage = deliver; }

    /** Where the current pixels lie in the displayed source, and their size without shrink-on-load (see ImageFrame). */
    public ImageFrame frame() {
        return ImageFrame.following(frame, image, orientation);
    }

    /** Steps that crop, scale or pad record the new frame here, so later steps can still place source coordinates. */
    public void frame(ImageFrame next) { this.frame = next; }

    /** The EXIF orientation still to be applied to the pixels (1 once they are upright). */
    public int orientation() { return orientation; }
    public void orientation(int value) { this.orientation = value; }
    public byte[] exif() { return exif; }
    public void exif(byte[] block) { this.exif = block; }
    public byte[] icc() { return icc; }
    public void icc(byte[] profile) { this.icc = profile; }

    /** Values from the {@code <file>.json} sidecar; empty when there is none. */
    public Map<String, Object> sidecar() { return sidecar; }

    /**
     * Delivers {@code image} as an extra output named {@code <stem><suffix>.<ext>}; {@code format} null means the main
     * output's format. The context owns and closes the image.
     */
    public void addExtra(String suffix, WorkingImage image, ImageFormat format) {
        extras.add(new Extra(suffix, image, format));
    }

    public List<Extra> extras() { return extras; }

    /** The job this run works for, or null when the chain runs outside a journaled job (AI steps then refuse to run). */
    public JobScope scope() { return scope; }

    /** The 1-based place of the running step in its chain (0 while decoding). */
    public int stepIndex() { return stepIndex; }

    void stepIndex(int index) { this.stepIndex = index; }

    /**
     * Records a paid operation of the current step (an AI prediction): it becomes a ledger row in place of the step's
     * plain local row, and it is kept even when the step then fails, because the money was spent.
     */
    public void charge(dev.imagehub.ledger.UsageRecord row) { charges.add(row); }

    List<dev.imagehub.ledger.UsageRecord> takeCharges() {
        List<dev.imagehub.ledger.UsageRecord> out = List.copyOf(charges);
        charges.clear();
        return out;
    }

    /**
     * Delivers a non-image file beside the results (a caption JSON, a GLB model, an MP4), named
     * {@code <stem><suffix>.<extension>}.
     */
    public void addFile(String suffix, String extension, byte[] bytes) {
        files.add(ChainResult.Output.file(suffix, extension, bytes));
    }

    /**
     * Delivers a file that lists or reports on the other results of this file (a variants manifest, a quote-card
     * report), published after all of them: a reader that waits for it finds everything it names.
     */
    public void addIndex(String suffix, String extension, byte[] bytes) {
        indexes.add(ChainResult.Output.file(suffix, extension, bytes));
    }

    public List<ChainResult.Output> files() { return files; }

    /** The index files, published last (see {@link #addIndex}). */
    public List<ChainResult.Output> indexes() { return indexes; }

    /** Work on the encoded result: it sees the final pixels ({@link #image()}) and the main output, whatever its place. */
    @FunctionalInterface
    public interface AfterEncode {
        void run(StepContext ctx, ChainResult.Output main) throws Exception;
    }

    /**
     * Leaves {@code work} for when the main result is encoded (placeholders describe the pixels as delivered, wherever
     * the step stands in the chain); it gets its own ledger row under {@code step}.
     */
    public void afterEncode(String step, AfterEncode work) {
        afterEncode.add(Map.entry(step, work));
    }

    List<Map.Entry<String, AfterEncode>> afterEncode() { return afterEncode; }

    /**
     * Delivers a file about the main result, named after it as published ({@code <result name>.<extension>}, e.g.
     * {@code photo.jpg.json}, also when the result had to take another name), after the result itself.
     */
    public void addBesideResult(ChainResult.Output main, String extension, byte[] bytes) {
        indexes.add(ChainResult.Output.file(main.suffix() + "." + main.extension(), extension, bytes));
    }

    /** Appends one CSV row to {@code outbox/<folder>/<fileName>} once the results are published (see ChainResult.Append). */
    public void append(String fileName, String header, String row) {
        appends.add(new ChainResult.Append(fileName, header, row));
    }

    public List<ChainResult.Append> appends() { return appends; }

    /** What an earlier step of this run kept under {@code key} for later ones (e.g. the pixels before enhancement), or null. */
    public AutoCloseable kept(String key) { return kept.get(key); }

    /** Keeps {@code value} for later steps of this run; the context closes it at the end, or when it is replaced. */
    public void keep(String key, AutoCloseable value) {
        AutoCloseable old = kept.put(key, value);
        if (old != null && old != value) closeQuietly(old);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // releasing scratch pixels cannot fail in a way the user could act on
        }
    }

    /** Adds a short fact about what the current step did (sizes, choices), stored in the ledger row's details. */
    public void note(String fact) {
        if (note.length() > 0) note.append("; ");
        note.append(fact);
    }

    String takeNote() {
        String s = note.toString();
        note.setLength(0);
        return s.isEmpty() ? null : s;
    }

    @Override
    public void close() {
        if (image != null) image.close();
        extras.forEach(e -> e.image().close());
        kept.values().forEach(StepContext::closeQuietly);
    }
}
