package dev.imagehub.intake;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Says in plain words what went wrong with a file operation, naming the file: "permission denied on outbox/web". */
public final class IoProblems {
    private IoProblems() {
    }

    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) return "permission denied on " + a.getFile();
        if (e instanceof NoSuchFileException n) return n.getFile() + " does not exist";
        if (e instanceof java.nio.file.FileAlreadyExistsException f) return f.getFile() + " is in the way (a file where the hub needs a folder)";
        if (e instanceof java.nio.file.NotDirectoryException d) return d.getFile() + " is not a folder";
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT) + " (" + f.getFile() + ")";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
