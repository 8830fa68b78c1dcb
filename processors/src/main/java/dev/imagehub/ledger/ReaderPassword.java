package dev.imagehub.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import dev.imagehub.HubSettings;

/**
 * The password of the ledger's read-only SQL account: {@code HUB_DB_READER_PASSWORD} from the environment, else the one
 * generated at the first start into {@code data/ledger/reader.password}, readable by the hub's own user only.
 */
public final class ReaderPassword {
    public static final String ENV = "HUB_DB_READER_PASSWORD";
    public static final String FILE = "data/ledger/reader.password";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ReaderPassword() {
    }

    /** The password, creating the file on first use. */
    public static String of(HubSettings settings) throws IOException {
        String env = settings.environment(ENV);
        if (env != null && !env.isBlank()) return env.strip();
        Path file = settings.home().resolve(FILE);
        if (!Files.exists(file)) create(file);
        restrict(file);
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) throw new IOException(file + " is empty; delete it and the hub makes a new reader password");
        return password;
    }

    /** The password if one exists (a client reading the ledger), without creating anything. */
    public static String existing(HubSettings settings) throws IOException {
        String env = settings.environment(ENV);
        if (env != null && !env.isBlank()) return env.strip();
        Path file = settings.home().resolve(FILE);
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, LedgerLogin.randomSecret() + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
        }
    }

    // the password guards read access only, but nobody else needs to read it from disk
    private static void restrict(Path file) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits the folder's ACL
        }
    }
}
