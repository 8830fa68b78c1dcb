package dev.imagehub.intake;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.IdempotentRepository;

/**
 * The hot folders' record of files being processed. Camel's file consumer adds a file under its raw path and removes
 * it under its normalised path, which on Unix turns a backslash in a file name into '/': with the default repository
 * such a file stayed "in progress" for ever after its first, too early, look. Keys here are normalised both ways.
 */
public final class InProgressFiles implements IdempotentRepository {
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    private static String key(String path) {
        return path.replace('\\', '/');
    }

    @Override
    public boolean add(String key) {
        return keys.add(key(key));
    }

    @Override
    public boolean contains(String key) {
        return keys.contains(key(key));
    }

    @Override
    public boolean remove(String key) {
        return keys.remove(key(key));
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        keys.clear();
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
