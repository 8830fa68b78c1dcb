package dev.imagehub.intake;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files a job found cut off while they were young (a writer that pauses): each is remembered with the size and
 * modification time it had, and the hot folder's read lock leaves it alone until either changes or it is old enough
 * to fail for good. Without this the folder would decode the same half file at every poll.
 */
public final class WaitingFiles {
    private record Seen(long size, long modifiedMillis) {
    }

    private final Map<Path, Seen> files = new ConcurrentHashMap<>();

    /** {@code file} was cut off at {@code size} bytes, last modified at {@code modifiedMillis}. */
    public void cutOff(Path file, long size, long modifiedMillis) {
        files.put(file, new Seen(size, modifiedMillis));
    }

    /** True while {@code file} is as it was when it was found cut off; a change (or a new file) is looked at again. */
    public boolean unchangedSinceCutOff(Path file, long size, long modifiedMillis) {
        Seen seen = files.get(file);
        if (seen == null) return false;
        if (seen.size() == size && seen.modifiedMillis() == modifiedMillis) return true;
        files.remove(file, seen);
        return false;
    }

    /** True while {@code file} is remembered as cut off (for /health and tests; the read lock asks the question above). */
    public boolean holds(Path file) {
        return files.containsKey(file);
    }

    /** Forgets {@code file} (taken, or gone). */
    public void forget(Path file) {
        files.remove(file);
    }
}
