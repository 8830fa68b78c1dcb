package dev.imagehub.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.imagehub.intake.FailureSidecar;

/**
 * Sends a failed file back to its inbox, exactly as a person would move it: its own sidecar first (so the file meets
 * it), then the untouched original under its first name; the failure's {@code .error.json} goes (the reason stays in
 * the journal). The hub then takes it as a new file. A file already sent back, or a name already waiting in the inbox,
 * is refused with the reason: nothing runs twice.
 */
final class FailedRetry {
    private final Path home;
    private final DataSource db;

    FailedRetry(Path home, DataSource db) {
        this.home = home.toAbsolutePath().normalize();
        this.db = db;
    }

    /** Moves {@code job}'s original back; returns what happened, in words for the page. */
    synchronized String retry(JobHistory.Job job) throws IOException, SQLException {
        if (!job.failed()) return job.fileName() + " did not fail; nothing to retry";
        if (job.original() == null) return job.fileName() + " was already sent back to its inbox, or its original is gone";
        Path failedDir = home.resolve("outbox").resolve(job.folder()).resolve("failed").normalize();
        Path original = home.resolve(job.original()).normalize();
        if (!original.getParent().equals(failedDir) || Files.isSymbolicLink(original)) {
            return job.fileName() + ": its original is not in " + home.relativize(failedDir) + "; move it by hand";
        }
        Path inbox = home.resolve("inbox").resolve(job.folder()).normalize();
        String name = Path.of(job.fileName()).getFileName().toString();
        Path target = inbox.resolve(name);
        if (!target.normalize().getParent().equals(inbox)) return job.fileName() + ": not a plain file name; move it by hand";
        if (!Files.exists(original, LinkOption.NOFOLLOW_LINKS)) {
            forget(job.jobId());
            return job.fileName() + " is no longer in " + home.relativize(failedDir) + " (moved or pruned)";
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return "a file named " + name + " already waits in inbox/" + job.folder() + "; it was not replaced";
        }
        Files.createDirectories(inbox);
        Path ownSidecar = original.resolveSibling(original.getFileName() + ".json");
        if (Files.isRegularFile(ownSidecar, LinkOption.NOFOLLOW_LINKS) && !Files.exists(inbox.resolve(name + ".json"))) {
            move(ownSidecar, inbox.resolve(name + ".json"));
        }
        try {
            move(original, target);
        } catch (NoSuchFileException gone) {
            return job.fileName() + " was just sent back by someone else";
        } catch (java.nio.file.FileAlreadyExistsException taken) {
            return "a file named " + name + " already waits in inbox/" + job.folder() + "; it was not replaced";
        }
        Files.deleteIfExists(original.resolveSibling(original.getFileName() + FailureSidecar.SUFFIX));
        forget(job.jobId());
        return job.fileName() + " is back in inbox/" + job.folder() + " and will run again";
    }

    // the journal no longer points at a failed original, so the file is not offered for retry again
    private void forget(String jobId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE hub_job SET original_file = NULL WHERE job_id = ?")) {
            ps.setString(1, jobId);
            ps.executeUpdate();
        }
    }

    // a hard link cannot replace a file someone dropped under the same name meanwhile (a rename would)
    private static void move(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
            Files.delete(from);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof NoSuchFileException) throw e;
            // no hard links here (another disk, SMB): a plain move, which refuses an existing name
            Files.move(from, to);
        }
    }
}
