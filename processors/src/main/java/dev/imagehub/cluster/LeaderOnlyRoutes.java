package dev.imagehub.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * Among several hubs, the routes whose work must happen once run on one hub at a time: each mailbox's IMAP polling
 * ({@code mail-*}), housekeeping and batch scheduling get Camel's {@link ClusteredRoutePolicy} for a namespace of their
 * own, so each starts on the hub that leads it and moves when that hub dies. Hot folders run on every hub (their
 * files are claimed one by one, {@link FileClaims}).
 */
public final class LeaderOnlyRoutes implements RoutePolicyFactory {
    private final LeaseClusterService service;

    public LeaderOnlyRoutes(LeaseClusterService service) {
        this.service = service;
    }

    /** Whether the route of {@code routeId} runs on the leader only. */
    public static boolean leaderOnly(String routeId) {
        return routeId != null && (routeId.startsWith("mail-") || routeId.equals("housekeeping") || routeId.equals("batch"));
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        if (!leaderOnly(routeId)) return null;
        try {
            ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, routeId);
            policy.setInitialDelay(java.time.Duration.ZERO);
            return policy;
        } catch (Exception e) {
            throw new IllegalStateException("route " + routeId + ": cannot make it leader-only: " + e.getMessage(), e);
        }
    }
}
