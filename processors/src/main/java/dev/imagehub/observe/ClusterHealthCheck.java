package dev.imagehub.observe;

import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import dev.imagehub.cluster.FileClaims;

/**
 * This hub's view of the hubs sharing its ledger: down when it could not renew its claims within a lease (the others
 * may be taking its files over); the message names every hub, alive or not, and the files each holds.
 */
public final class ClusterHealthCheck extends AbstractHealthCheck {
    private final FileClaims claims;

    public ClusterHealthCheck(FileClaims claims) {
        super("hub", "cluster");
        this.claims = claims;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StringBuilder sb = new StringBuilder("node ").append(claims.node()).append("; hubs: ");
        try {
            List<FileClaims.Node> nodes = claims.nodes();
            for (FileClaims.Node n : nodes) {
                sb.append(n.name()).append(n.alive() ? " alive" : " not seen since " + n.lastSeen()).append(" (").append(n.claims()).append(" file(s)), ");
            }
            builder.detail("nodes", nodes.size()).detail("alive", nodes.stream().filter(FileClaims.Node::alive).count());
        } catch (Exception e) {
            builder.message("cannot read the cluster from the ledger: " + e.getMessage()).down();
            return;
        }
        builder.message(sb.substring(0, sb.length() - 2));
        if (claims.renewing()) builder.up();
        else builder.down();
    }
}
