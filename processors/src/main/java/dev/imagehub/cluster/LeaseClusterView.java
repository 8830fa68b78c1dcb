package dev.imagehub.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace's leadership: every third of a lease this hub takes the {@code hub_leader} row (when it is free, its
 * own, or its holder's lease ran out) or learns who holds it, and tells Camel when that changes. A leader that cannot
 * reach the database steps down once its lease may have run out, so two hubs never both believe they lead for long.
 */
final class LeaseClusterView extends AbstractCamelClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseClusterView.class);
    private final DataSource db;
    private final String node;
    private final int leaseSeconds;
    private ScheduledExecutorService timer;
    private volatile String leader;
    private volatile long renewedAt;

    LeaseClusterView(CamelClusterService service, String namespace, DataSource db, String node, int leaseSeconds) {
        super(service, namespace);
        this.db = db;
        this.node = node;
        this.leaseSeconds = leaseSeconds;
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-leader-" + getNamespace());
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(500L, leaseSeconds * 1000L / 3);
        timer.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) timer.shutdownNow();
        if (node.equals(leader)) {
            // handed over at once rather than after a lease: the next hub's tick takes it
            try (Connection c = db.getConnection();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM hub_leader WHERE namespace = ? AND node = ?")) {
                ps.setString(1, getNamespace());
                ps.setString(2, node);
                ps.executeUpdate();
            } catch (SQLException e) {
                LOG.debug("cluster: cannot hand {} over: {}", getNamespace(), e.getMessage());
            }
        }
        changed(null);
    }

    private void tick() {
        try {
            String holder = lead();
            if (node.equals(holder)) renewedAt = System.nanoTime();
            changed(holder);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cluster: cannot renew the lead of {}: {}", getNamespace(), e.getMessage());
            if (node.equals(leader) && System.nanoTime() - renewedAt > leaseSeconds * 1_000_000_000L) changed(null);
        }
    }

    // takes or renews the lease if it may; returns who holds it now
    private String lead() throws SQLException {
        String lease = "CURRENT_TIMESTAMP + INTERVAL '" + leaseSeconds + "' SECOND";
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE hub_leader SET node = ?, lease_until = " + lease
                    + " WHERE namespace = ? AND (node = ? OR lease_until < CURRENT_TIMESTAMP)")) {
                ps.setString(1, node);
                ps.setString(2, getNamespace());
                ps.setString(3, node);
                if (ps.executeUpdate() == 1) return node;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hub_leader (namespace, node, lease_until) VALUES (?, ?, " + lease + ")")) {
                ps.setString(1, getNamespace());
                ps.setString(2, node);
                ps.executeUpdate();
                return node;
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) throw e;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT node FROM hub_leader WHERE namespace = ?")) {
                ps.setString(1, getNamespace());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }
    }

    private synchronized void changed(String holder) {
        boolean was = node.equals(leader);
        boolean is = node.equals(holder);
        String before = leader;
        leader = holder;
        if (was != is || (holder != null && !holder.equals(before))) {
            if (was != is) LOG.info("cluster: {} {} {}", node, is ? "leads" : "no longer leads", getNamespace());
            fireLeadershipChangedEvent(Optional.ofNullable(holder).map(this::member));
        }
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return Optional.ofNullable(leader).map(this::member);
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return member(node);
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> out = new ArrayList<>();
        out.add(getLocalMember());
        if (leader != null && !leader.equals(node)) out.add(member(leader));
        return out;
    }

    private CamelClusterMember member(String id) {
        return new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return id.equals(leader);
            }

            @Override
            public boolean isLocal() {
                return id.equals(node);
            }

            @Override
            public String getId() {
                return id;
            }
        };
    }
}
