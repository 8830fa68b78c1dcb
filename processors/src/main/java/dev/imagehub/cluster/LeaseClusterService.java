package dev.imagehub.cluster;

import javax.sql.DataSource;

import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * Camel's cluster service for hubs that share one PostgreSQL ledger: each namespace (a mailbox route, housekeeping,
 * the calendar) has one leader, decided by a lease row in {@code hub_leader}; Camel's {@code ClusteredRoutePolicy}
 * starts a leader-only route on the leader and stops it elsewhere. camel-master, which would give this over ZooKeeper
 * or Kubernetes, is not served at our Camel version, and the ledger is the one arbiter the hubs already share.
 */
public final class LeaseClusterService extends AbstractCamelClusterService<LeaseClusterView> {
    private final DataSource db;
    private final String node;
    private final int leaseSeconds;

    public LeaseClusterService(DataSource db, String node, int leaseSeconds) {
        super("hub-ledger-leases");
        this.db = db;
        this.node = node;
        this.leaseSeconds = leaseSeconds;
    }

    @Override
    protected LeaseClusterView createView(String namespace) {
        return new LeaseClusterView(this, namespace, db, node, leaseSeconds);
    }
}
