package dev.imagehub.wavespeed.client;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WaveSpeed account's task slots shared by several hubs ({@code ai_slot} in the shared ledger): a task holds one
 * of {@code hub.wavespeed.concurrency} rows from its submit to its end, so all hubs together never run more tasks
 * than the account allows. Leases in the database's clock, renewed while held; a dead hub's slots come free after it.
 */
final class SharedSlots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedSlots.class);
    private static final long WAIT_MILLIS = 200;
    private final DataSource db;
    private final String node;
    private final int slots;
    private final int leaseSeconds;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;

    /** A slot this hub holds. */
    record Held(int slot, String holder) {
    }

    SharedSlots(DataSource db, String node, int slots, int leaseSeconds) throws SQLException {
        this.db = db;
        this.node = node;
        this.slots = slots;
        this.leaseSeconds = leaseSeconds;
        try (Connection c = db.getConnection()) {
            for (int s = 1; s <= slots; s++) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ai_slot (slot) VALUES (?)")) {
                    ps.setInt(1, s);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) throw e;
                }
            }
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-ai-slots");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000L, leaseSeconds * 1000L / 3);
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Waits for a free slot of the account (slots of a higher number than the configured concurrency stay unused). */
    Held acquire() throws InterruptedException {
        String holder = node + "/" + UUID.randomUUID();
        while (true) {
            try (Connection c = db.getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE ai_slot SET holder = ?, lease_until = CURRENT_TIMESTAMP + " + lease()
                         + " WHERE slot = ? AND (holder IS NULL OR lease_until < CURRENT_TIMESTAMP)")) {
                for (int s = 1; s <= slots; s++) {
                    ps.setString(1, holder);
                    ps.setInt(2, s);
                    if (ps.executeUpdate() == 1) {
                        held.add(holder);
                        return new Held(s, holder);
                    }
                }
            } catch (SQLException e) {
                LOG.warn("WaveSpeed: cannot take a shared task slot yet: {}", e.getMessage());
            }
            Thread.sleep(WAIT_MILLIS);                       // every slot busy on some hub: ask again shortly
        }
    }

    void release(Held h) {
        held.remove(h.holder());
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE ai_slot SET holder = NULL, lease_until = NULL WHERE slot = ? AND holder = ?")) {
            ps.setInt(1, h.slot());
            ps.setString(2, h.holder());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("WaveSpeed: cannot free shared task slot {} (it frees itself after its lease): {}", h.slot(), e.getMessage());
        }
    }

    private void renew() {
        if (held.isEmpty()) return;
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE ai_slot SET lease_until = CURRENT_TIMESTAMP + " + lease() + " WHERE holder = ?")) {
            for (String h : held) {
                ps.setString(1, h);
                ps.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("WaveSpeed: cannot renew the shared task slots: {}", e.getMessage());
        }
    }

    private String lease() {
        return "INTERVAL '" + leaseSeconds + "' SECOND";
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
