package dev.imagehub.observe;

import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /health} and {@code GET /metrics} on the hub's HTTP server. In Java rather than routes/*.yaml because
 * they exist only when the server does ({@code hub.http.enabled}): a platform-http route without a server fails.
 */
public final class ObserveRoutes extends RouteBuilder {
    private final HubMetrics metrics;

    public ObserveRoutes(HubMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from("platform-http:/health?httpMethodRestrict=GET").routeId("http-health")
                .bean(new HealthEndpoint(), "respond");
        from("platform-http:/metrics?httpMethodRestrict=GET").routeId("http-metrics")
                .process(e -> {
                    e.getMessage().setBody(metrics.scrape());
                    e.getMessage().setHeader(org.apache.camel.Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                });
    }
}
