package dev.imagehub.wavespeed.emulator;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A thread-safe map that forgets its oldest entries once their total weight (an entry count, or bytes) exceeds a
 * limit, so a long-running emulator cannot fill the heap. The newest entry is always kept.
 */
final class BoundedStore<V> {
    private final Map<String, V> map = new LinkedHashMap<>();
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private long weight;

    BoundedStore(long maxWeight, ToLongFunction<V> weigher) {
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** Bounded by entry count. */
    BoundedStore(int maxEntries) {
        this(maxEntries, v -> 1);
    }

    synchronized void put(String key, V value) {
        V old = map.put(key, value);
        if (old != null) weight -= weigher.applyAsLong(old);
        weight += weigher.applyAsLong(value);
        Iterator<Map.Entry<String, V>> it = map.entrySet().iterator();
        while (weight > maxWeight && map.size() > 1) {
            Map.Entry<String, V> eldest = it.next();
            weight -= weigher.applyAsLong(eldest.getValue());
            it.remove();
        }
    }

    synchronized V get(String key) {
        return map.get(key);
    }

    synchronized int size() {
        return map.size();
    }

    synchronized void clear() {
        map.clear();
        weight = 0;
    }
}
