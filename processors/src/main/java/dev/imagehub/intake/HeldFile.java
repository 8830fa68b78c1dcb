package dev.imagehub.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's bytes in memory, counted against the shared {@link MemoryBudget} from before they are read until the job
 * ends. When the job then needs more (its decoded pixels), the reservation grows only if the budget has room at once;
 * otherwise everything is given back and the whole amount is waited for, the file being read again afterwards. So no
 * job ever waits while holding memory that another job needs to finish.
 */
public final class HeldFile implements AutoCloseable {
    private final MemoryBudget budget;
    private final Path file;
    private final long size;
    private final String sha256;
    private MemoryBudget.Reservation reservation;
    private byte[] bytes;

    private HeldFile(MemoryBudget budget, Path file, long size, byte[] bytes, String sha256, MemoryBudget.Reservation reservation) {
        this.budget = budget;
        this.file = file;
        this.size = size;
        this.bytes = bytes;
        this.sha256 = sha256;
        this.reservation = reservation;
    }

    /** Thrown when the file's content changed between two reads: it is being rewritten, so its job stops and waits. */
    public static final class Changed extends IOException {
        Changed(Path file) {
            super(file.getFileName() + " changed while it was being processed");
        }
    }

    /** Reserves {@code size} bytes of the budget, then reads the whole file. */
    public static HeldFile read(MemoryBudget budget, Path file, long size) throws IOException, InterruptedException {
        MemoryBudget.Reservation r = budget.reserve(size);
        try {
            byte[] b = dev.imagehub.files.FileBytes.read(file);
            return new HeldFile(budget, file, b.length, b, sha256(b), r);
        } catch (IOException | RuntimeException | Error e) {
            r.close();
            throw e;
        }
    }

    public byte[] bytes() { return bytes; }
    public long size() { return size; }
    public String sha256() { return sha256; }

    /**
     * Makes the reservation cover {@code total} bytes (the file plus its working memory). Never waits while holding
     * part of the budget: if it cannot grow at once, it lets go of everything, waits for the whole amount, and reads
     * the file again, which must still have the same content.
     */
    public void reserve(long total) throws IOException, InterruptedException {
        if (reservation.tryGrow(total)) return;
        reservation.close();
        bytes = null;
        reservation = budget.reserve(total);
        byte[] again = dev.imagehub.files.FileBytes.read(file);
        if (again.length != size || !sha256(again).equals(sha256)) throw new Changed(file);
        bytes = again;
    }

    @Override
    public void close() {
        bytes = null;
        reservation.close();
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
