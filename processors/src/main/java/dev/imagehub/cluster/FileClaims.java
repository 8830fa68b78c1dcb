package dev.imagehub.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which hub works on which file of a shared inbox, decided by one row per file in {@code file_claim}: the hub whose
 * insert succeeds holds the file; a hub that stops answering (kill -9, power off, network cut) stops renewing its lease
 * and, once it ran out, the next hub to see the file takes the claim over and resumes the file's job under its job id
 * (so the AI tasks it paid for are found, not submitted again). Times are the database's clock, so the nodes' clocks do
 * not matter. The journal's own rule (a job commits once, while RUNNING) settles a hub that resumes after its lease was
 * taken: its commit is refused and it leaves the file alone.
 */
public final class FileClaims implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileClaims.class);
    private final DataSource db;
    private final String node;
    private final int leaseSeconds;
    private final ScheduledExecutorService heartbeat;

    public FileClaims(DataSource db, String node, int leaseSeconds) {
        this.db = db;
        this.node = node;
        this.leaseSeconds = leaseSeconds;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-claims-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000L, leaseSeconds * 1000L / 3);
        announce(true);
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    public String node() {
        return node;
    }

    /** The claim's key: the same for one file (route, name, size, modification time) on every node. */
    public static String key(String route, String fileName, long size, long modifiedMillis) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((route + "\n" + fileName + "\n" + size + "\n" + modifiedMillis).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Claims the file for this hub: true when it is now this hub's (a new claim, this hub's own from before a restart,
     * or one whose holder's lease ran out), false when another hub works on it.
     */
    public boolean claim(String key, String route, String fileName) throws SQLException {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_claim (claim_key, route, file_name, node, claimed_at, lease_until) "
                    + "VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + " + lease() + ")")) {
                ps.setString(1, key);
                ps.setString(2, route);
                ps.setString(3, fileName.length() > 1024 ? fileName.substring(0, 1024) : fileName);
                ps.setString(4, node);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) throw e;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_claim SET node = ?, claimed_at = CURRENT_TIMESTAMP, lease_until = CURRENT_TIMESTAMP + "
                    + lease() + " WHERE claim_key = ? AND (node = ? OR lease_until < CURRENT_TIMESTAMP)")) {
                ps.setString(1, node);
                ps.setString(2, key);
                ps.setString(3, node);
                boolean taken = ps.executeUpdate() == 1;
                if (taken) LOG.info("cluster: {} took over {} / {}", node, route, fileName);
                return taken;
            }
        }
    }

    /** Gives the file up (it was finished, or left for a later poll). */
    public void release(String key) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM file_claim WHERE claim_key = ? AND node = ?")) {
            ps.setString(1, key);
            ps.setString(2, node);
            ps.executeUpdate();
        } catch (SQLException e) {
            // the lease runs out by itself; another hub then finds the file gone or takes it up
            LOG.warn("cluster: cannot release the claim {}: {}", key.substring(0, 12), e.getMessage());
        }
    }

    // every third of a lease: this hub's claims are still its own, and the hub is alive
    private void renew() {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE file_claim SET lease_until = CURRENT_TIMESTAMP + " + lease() + " WHERE node = ?")) {
            ps.setString(1, node);
            ps.executeUpdate();
            announce(false);
            lastRenewal = System.nanoTime();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cluster: cannot renew the claims of {}: {}", node, e.getMessage());
        }
    }

    private volatile long lastRenewal = System.nanoTime();

    /** Whether this hub renewed its claims within a lease (else others may be taking its files over). */
    public boolean renewing() {
        return System.nanoTime() - lastRenewal < leaseSeconds * 1_000_000_000L;
    }

    // hub_node: this hub alive now (at start: started now too)
    private void announce(boolean starting) {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE hub_node SET last_seen = CURRENT_TIMESTAMP"
                    + (starting ? ", started_at = CURRENT_TIMESTAMP" : "") + " WHERE node = ?")) {
                ps.setString(1, node);
                if (ps.executeUpdate() == 1) return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hub_node (node, started_at, last_seen) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                ps.setString(1, node);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) throw e;
            }
        } catch (SQLException e) {
            LOG.warn("cluster: cannot record node {} as alive: {}", node, e.getMessage());
        }
    }

    /** One hub of the cluster as the ledger knows it. */
    public record Node(String name, java.time.OffsetDateTime started, java.time.OffsetDateTime lastSeen, boolean alive, long claims) {
    }

    /** Every hub that ever shared this ledger, alive when seen within a lease, with the files it holds now. */
    public java.util.List<Node> nodes() throws SQLException {
        java.util.List<Node> out = new java.util.ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT n.node, n.started_at, n.last_seen, "
                     + "CASE WHEN n.last_seen > CURRENT_TIMESTAMP - " + lease() + " THEN 1 ELSE 0 END, "
                     + "(SELECT COUNT(*) FROM file_claim f WHERE f.node = n.node) FROM hub_node n ORDER BY n.node");
             java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Node(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class), rs.getObject(3, java.time.OffsetDateTime.class),
                        rs.getInt(4) == 1, rs.getLong(5)));
            }
        }
        return out;
    }

    private String lease() {
        return "INTERVAL '" + leaseSeconds + "' SECOND";
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
