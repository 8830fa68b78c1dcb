package dev.imagehub.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The free-space floor ({@code hub.minFreeDiskMb}): below it the hub takes no new files, so results, originals and
 * the ledger never fill the disk to the last byte. Checked before each file and, while paused, by the pause's probe.
 */
public final class DiskFloor {
    private final List<Path> watched;
    private volatile long minimumBytes;

    /** Watches the file systems of {@code watched} (the outbox, the data folder) against {@code minimumMb}. */
    public DiskFloor(long minimumMb, List<Path> watched) {
        this.minimumBytes = minimumMb * 1024 * 1024;
        this.watched = List.copyOf(watched);
    }

    /** Throws, saying where and how much is free, when a watched file system is below the floor. */
    public void check() throws IOException {
        if (minimumBytes <= 0) return;
        for (Path p : watched) {
            Path existing = p;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            if (existing == null) continue;
            long free = Files.getFileStore(existing).getUsableSpace();
            if (free < minimumBytes) {
                throw new IOException(String.format(Locale.ROOT, "only %d MB free on the disk of %s, below the floor of %d MB "
                        + "(hub.minFreeDiskMb); free some space (./hub prune --dry-run shows what housekeeping can remove)",
                        free / (1024 * 1024), p, minimumBytes / (1024 * 1024)));
            }
        }
    }

    /** Changes the floor while the hub runs (the next check uses it). */
    public void minimumMb(long mb) {
        this.minimumBytes = mb * 1024 * 1024;
    }
}
