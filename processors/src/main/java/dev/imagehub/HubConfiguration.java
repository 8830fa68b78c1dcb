package dev.imagehub;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Builds the hub's services in the one CamelContext when Camel Main configures it, before the routes are parsed (the
 * beans of {@code routes/*.camel.yaml} refer to them by name; HubMain calls {@link #configure} from its
 * {@code beforeConfigure} listener, which runs earlier than Main's own configuration classes). The services become a
 * Camel service (stopped after the routes), the recovery sweep runs before any route polls, and each service is bound
 * as a bean.
 */
public final class HubConfiguration implements CamelConfiguration {
    private final HubServices.Checked checked;
    private volatile HubServices hub;

    /** {@code checked} is the configuration {@link HubServices#validate} accepted. */
    public HubConfiguration(HubServices.Checked checked) {
        this.checked = checked;
    }

    @Override
    public void configure(CamelContext camel) throws Exception {
        HubServices services = HubServices.open(checked, camel);
        try {
            // stopped by the context after its routes and components
            camel.addService(services, true, true);
            // in the configure phase, before any consumer exists: work a crash interrupted is finished or cleared first,
            // so that no file is picked up while its last run is still half-delivered
            dev.imagehub.intake.RecoverySweep.run(services);
        } catch (Exception e) {
            services.close();
            throw e;
        }
        if (services.claims() != null) {
            // several hubs: leader-only routes (mailboxes, housekeeping, batches) and the calendar lead on one hub at a time
            dev.imagehub.cluster.LeaseClusterService leases = new dev.imagehub.cluster.LeaseClusterService(services.dataSource(),
                    services.settings().nodeId(), services.settings().clusterLeaseSeconds());
            camel.addService(leases, true, true);
            camel.addRoutePolicyFactory(new dev.imagehub.cluster.LeaderOnlyRoutes(leases));
            services.leases(leases);
        }
        Registry beans = camel.getRegistry();
        beans.bind(HubServices.BEAN_NAME, services);
        beans.bind("hubDataSource", services.dataSource());
        beans.bind("journal", services.journal());
        beans.bind("aiGateway", services.ai());
        beans.bind("budgets", services.budgets());
        beans.bind("notifier", services.notifier());
        beans.bind("calendar", services.calendar());
        beans.bind("pauses", services.pauses());
        beans.bind("hubMetrics", services.metrics());
        beans.bind("waitingFiles", services.waitingFiles());
        hub = services;
    }

    /** The services, once {@link #configure} has run. */
    public HubServices services() {
        HubServices h = hub;
        if (h == null) throw new IllegalStateException("the hub's services are built when Camel configures its context");
        return h;
    }
}
