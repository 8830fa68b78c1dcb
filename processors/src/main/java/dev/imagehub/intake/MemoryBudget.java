package dev.imagehub.intake;

import java.util.concurrent.Semaphore;

/**
 * Bounds the decoded pixels in flight across all workers: each job reserves its estimated working memory before
 * decoding and gives it back when done. A job larger than the whole budget waits until it can run alone.
 */
public final class MemoryBudget {
    private final int totalMb;
    private final Semaphore permits;

    public MemoryBudget(int totalMb) {
        this.totalMb = totalMb;
        this.permits = new Semaphore(totalMb, true);
    }

    /** A reservation to release with try-with-resources. */
    public interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    public Reservation reserve(long bytes) throws InterruptedException {
        int mb = (int) Math.min(totalMb, Math.max(1, (bytes + (1 << 20) - 1) >> 20));
        permits.acquire(mb);
        return () -> permits.release(mb);
    }

    public int totalMb() {
        return totalMb;
    }
}
