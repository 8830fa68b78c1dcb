package dev.imagehub.observe;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;

import dev.imagehub.HubServices;

/**
 * Installs the hub's health checks in the CamelContext's registry, and, unless {@code hub.http.enabled} is false, the
 * HTTP server (loopback by default) with {@code /health} and {@code /metrics}. Both endpoints only read.
 */
public final class Observability {
    private Observability() {
    }

    /** The HTTP server and its routes (before the context starts), and the notifier of file outcomes. */
    public static void installServer(CamelContext context, HubServices hub) throws Exception {
        context.getManagementStrategy().addEventNotifier(new FileOutcomeNotifier(hub.notifier()));
        if (!Boolean.parseBoolean(hub.settings().setting("hub.http.enabled", "true"))) return;
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost(hub.settings().setting("hub.http.host", "127.0.0.1"));
        conf.setBindPort(hub.settings().intSetting("hub.http.port", 8181, 1, 65535));
        // forms and retries are small: a larger body is refused before it is read
        conf.setMaxBodySize(1_048_576L);
        conf.getBodyHandler().setHandleFileUploads(false);
        context.addService(new VertxPlatformHttpServer(conf));
        context.addRoutes(new ObserveRoutes(hub.metrics()));
        if (Boolean.parseBoolean(hub.settings().setting("hub.console.enabled", "true"))) {
            dev.imagehub.console.Console console = new dev.imagehub.console.Console(hub, context, java.time.Clock.systemUTC());
            dev.imagehub.console.ConsoleSetup.prepare(hub, console.users());
            context.addRoutes(new dev.imagehub.console.ConsoleRoutes(console));
        }
        budgetGauges(hub);
        // the account's balance as last read (NaN before the first answer or without a key)
        io.micrometer.core.instrument.Gauge.builder("hub.wavespeed.balance", () -> hub.ai().balance().map(java.math.BigDecimal::doubleValue)
                .orElse(Double.NaN)).baseUnit("usd").description("WaveSpeed account balance").register(hub.metrics().registry());
    }

    /** Gauges of what each AI budget of config/budgets.yaml has spent and may spend, in USD. */
    public static void budgetGauges(HubServices hub) {
        for (dev.imagehub.wavespeed.budget.Budget b : hub.budgets().config().budgets()) {
            String route = b.overall() ? null : b.route();
            io.micrometer.core.instrument.Gauge.builder("hub.budget.spent", () -> spent(hub, b, route)).baseUnit("usd")
                    .tag("budget", b.key()).tag("period", b.period().word()).description("AI spending in the budget's current window")
                    .register(hub.metrics().registry());
            io.micrometer.core.instrument.Gauge.builder("hub.budget.limit", () -> b.limit().doubleValue()).baseUnit("usd")
                    .tag("budget", b.key()).tag("period", b.period().word()).register(hub.metrics().registry());
        }
    }

    private static double spent(HubServices hub, dev.imagehub.wavespeed.budget.Budget budget, String route) {
        try {
            return hub.budgets().status(route).stream().filter(s -> s.budget().equals(budget)).findFirst()
                    .map(s -> s.spent().doubleValue()).orElse(0.0);
        } catch (RuntimeException e) {
            return Double.NaN;                                      // the ledger is down: no figure rather than a wrong one
        }
    }

    /** The hub's health checks, once the context (and camel-main's health registry) has started. */
    public static void registerChecks(CamelContext context, HubServices hub) {
        HealthCheckRegistry registry = context.getCamelContextExtension().getContextPlugin(HealthCheckRegistry.class);
        if (registry == null) {
            registry = new DefaultHealthCheckRegistry(context);
            context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        }
        // every check in /health, not only those that are down (Camel's "default" exposure)
        registry.setExposureLevel("full");
        registry.register(new ProbeHealthCheck("ledger", () -> hub.ledgerCheck()));
        registry.register(new ProbeHealthCheck("disk-space", hub.diskFloor()::check));
        registry.register(new PausesHealthCheck(hub.pauses()));
        if (hub.claims() != null) registry.register(new ClusterHealthCheck(hub.claims()));
        registry.register(new StuckFilesHealthCheck(hub.home().resolve("inbox"),
                Duration.ofMinutes(hub.settings().intSetting("hub.health.stuckMinutes", 10, 1, 100_000))));
        registry.register(new ProbeHealthCheck("calendar", hub.calendar()::checkRunning));
        registry.register(new WaveSpeedHealthCheck(hub.pauses(), hub.ai()));
    }
}
