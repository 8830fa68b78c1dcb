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
 * The hot folders' read lock: a file is taken once it has not been modified for {@code minAge} milliseconds, judged on
 * the listed file itself. Camel's own "changed" lock rebuilds the path from strings (a backslash in a Unix file name
 * becomes '/', so such a file was never taken), writes a {@code .camelLock} marker (no room for it beside a name at the
 * 255-byte limit) and sleeps a check interval per file in the polling thread; this one does none of that. One hub per
 * home ({@code data/hub.lock}) means no marker is needed to keep other consumers away.
 */
public final class SettledFileReadLock implements GenericFileExclusiveReadLockStrategy<File> {
    private long minAge = 1000;

    /** Milliseconds a file must have gone unmodified before it is taken. */
    public void setMinAge(long minAge) {
        this.minAge = minAge;
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        try {
            // a symbolic link is judged by itself, never by what it points to: the job refuses it (or follows it) later
            BasicFileAttributes a = Files.readAttributes(file.getFile().toPath(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return System.currentTimeMillis() - a.lastModifiedTime().toMillis() >= minAge;
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
