package dev.imagehub.chain;

import java.util.List;

import dev.imagehub.image.ImageFormat;
import dev.imagehub.ledger.UsageRecord;

/** The encoded outputs of one chain run and the ledger rows describing every operation. */
public record ChainResult(List<Output> outputs, List<UsageRecord> usage, List<Append> appends) {
    /** In an {@link Append} row, stands for the name the file's main result was published under. */
    public static final String RESULT_NAME = "{result}";

    public ChainResult(List<Output> outputs, List<UsageRecord> usage) {
        this(outputs, usage, List.of());
    }

    /**
     * One result file; {@code suffix} distinguishes several outputs of one file (empty for the main one). Images carry
     * their format and size; other files (captions, 3D models, videos) have a null format and only an extension.
     */
    public record Output(String suffix, ImageFormat format, byte[] bytes, int width, int height, String extension) {

        public Output(String suffix, ImageFormat format, byte[] bytes, int width, int height) {
            this(suffix, format, bytes, width, height, format.extension());
        }

        /** A non-image result file. */
        public static Output file(String suffix, String extension, byte[] bytes) {
            return new Output(suffix, null, bytes, 0, 0, extension);
        }
    }

    /**
     * A row to add to a CSV file shared by all files of a folder (e.g. {@code captions.csv}), written after the
     * results are published. The file is created with {@code header} first; a row already present (the same text,
     * which carries the job id) is not added twice, so a recovery after a crash cannot duplicate it.
     */
    public record Append(String fileName, String header, String row) {
    }
}
