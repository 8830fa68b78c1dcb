package dev.imagehub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code data/hub.lock}: held by a running hub for its whole life, so two hubs never share one home, and taken by a
 * command that opens the embedded ledger's files while the hub is stopped, so the hub cannot start meanwhile.
 */
public final class HubLock implements AutoCloseable {
    public static final String FILE = "data/hub.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private HubLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when a hub (another process, or this one) holds it. */
    public static Optional<HubLock> tryTake(Path home) throws IOException {
        Files.createDirectories(home.resolve("data"));
        FileChannel ch = FileChannel.open(home.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) return Optional.of(new HubLock(ch, lock));
        } catch (OverlappingFileLockException heldInThisProcess) {
            // a hub running inside this JVM (tests, tools) holds it
        }
        ch.close();
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
