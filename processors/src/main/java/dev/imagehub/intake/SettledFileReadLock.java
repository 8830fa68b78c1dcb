package dev.imagehub.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;

/**
 * The hot folders' read lock, judged on the listed file itself. A file whose bytes are all there by its own format
 * ({@link FileEnds}: a JPEG's end marker, a WebP's declared length, ...) is taken at once; one that is shorter than
 * its header says waits, up to {@code incompleteWait} milliseconds after its last change; one the check cannot judge
 * (TIFF, prompt files, a JPEG with a trailer) is taken once it has not been modified for {@code minAge}. A file a job
 * found cut off ({@link WaitingFiles}) is left alone until it changes. So a finished copy never waits for a clock and
 * a copy in progress is never published half-written. Camel's own "changed" lock rebuilds the path from strings (a backslash in a Unix file name
 * becomes '/', so such a file was never taken), writes a {@code .camelLock} marker (no room for it beside a name at the
 * 255-byte limit) and sleeps a check interval per file in the polling thread; this one does none of that. One hub per
 * home ({@code data/hub.lock}) means no marker is needed to keep other consumers away.
 */
public final class SettledFileReadLock implements GenericFileExclusiveReadLockStrategy<File> {
    private long minAge = 1000;
    private long incompleteWait = 30_000;
    private WaitingFiles waiting = new WaitingFiles();

    /** Milliseconds a file the format check cannot judge must have gone unmodified before it is taken. */
    public void setMinAge(long minAge) {
        this.minAge = minAge;
    }

    /** Milliseconds after its last change that an incomplete file is taken anyway (it then fails as truncated). */
    public void setIncompleteWait(long incompleteWait) {
        this.incompleteWait = incompleteWait;
    }

    /** The files jobs found cut off (the hub's one registry, shared with its jobs). */
    public void setWaiting(WaitingFiles waiting) {
        this.waiting = waiting;
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        try {
            // a symbolic link is judged by itself, never by what it points to: the job refuses it (or follows it) later
            java.nio.file.Path path = file.getFile().toPath();
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long modified = a.lastModifiedTime().toMillis();
            long age = System.currentTimeMillis() - modified;
            if (a.isSymbolicLink()) return age >= minAge;
            if (age >= Math.max(minAge, incompleteWait)) return true;
            if (waiting.unchangedSinceCutOff(path, a.size(), modified)) return false;
            return switch (FileEnds.judge(path, a.size())) {
                case COMPLETE -> true;
                case INCOMPLETE -> false;
                case UNKNOWN -> age >= minAge;
            };
        } catch (IOException gone) {
            return false;
        }
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {
        // nothing to clean up: no marker files
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
    }

    @Override
    public void setTimeout(long timeout) {
    }

    @Override
    public void setCheckInterval(long checkInterval) {
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
    }
}
