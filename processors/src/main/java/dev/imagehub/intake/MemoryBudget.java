package dev.imagehub.intake;

import java.util.concurrent.Semaphore;

/**
 * Bounds the memory that jobs hold at once, in megabytes, across all workers and intakes: a file's compressed bytes
 * from before they are read, then its decoded pixels (kept natively by OpenCV) and its encoder buffers, estimated from
 * the header before any decoding. A job larger than the whole budget waits until it can run alone. Nobody waits while
 * holding part of the budget (see {@link HeldFile#reserve}), so jobs cannot block each other for ever.
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
        /** The megabytes held. */
        int megabytes();

        /** Grows to cover {@code bytes} if that is possible at once; false (nothing changed) if it would have to wait. */
        boolean tryGrow(long bytes);

        @Override
        void close();
    }

    /** Waits until {@code bytes} (at most the whole budget) are free, and holds them. */
    public Reservation reserve(long bytes) throws InterruptedException {
        int mb = megabytes(bytes);
        permits.acquire(mb);
        return new Held(mb);
    }

    public int totalMb() {
        return totalMb;
    }

    /** Megabytes not reserved right now. */
    public int availableMb() {
        return permits.availablePermits();
    }

    private int megabytes(long bytes) {
        return (int) Math.min(totalMb, Math.max(1, (bytes + (1 << 20) - 1) >> 20));
    }

    private final class Held implements Reservation {
        private int mb;
        private boolean closed;

        Held(int mb) {
            this.mb = mb;
        }

        @Override
        public synchronized int megabytes() {
            return mb;
        }

        @Override
        public synchronized boolean tryGrow(long bytes) {
            int want = MemoryBudget.this.megabytes(bytes);
            if (want <= mb) return true;
            if (!permits.tryAcquire(want - mb)) return false;
            mb = want;
            return true;
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            permits.release(mb);
        }
    }
}
