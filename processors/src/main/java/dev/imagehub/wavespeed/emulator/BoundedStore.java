package dev.imagehub.wavespeed.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** A thread-safe map that forgets its oldest entries beyond a fixed count, so a long-running emulator cannot fill the heap. */
final class BoundedStore<V> {
    private final Map<String, V> map;

    BoundedStore(int maxEntries) {
        this.map = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized void put(String key, V value) {
        map.put(key, value);
    }

    synchronized V get(String key) {
        return map.get(key);
    }

    synchronized void clear() {
        map.clear();
    }
}
