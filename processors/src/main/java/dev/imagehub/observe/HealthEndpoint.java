package dev.imagehub.observe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * {@code GET /health}: every health check of the context (the hub's and Camel's own routes and consumers) as JSON,
 * with HTTP 503 when any is down, so a load balancer or a monitor sees it without parsing.
 */
public final class HealthEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void respond(Exchange exchange) throws Exception {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(exchange.getContext());
        boolean up = true;
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck.Result r : results) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", r.getCheck().getId());
            c.put("status", r.getState().name());
            r.getMessage().ifPresent(m -> c.put("message", m));
            // the hub's own figures (the WaveSpeed balance); Camel's bookkeeping details (invocation.count, ...) stay out
            if ("hub".equals(r.getCheck().getGroup())) {
                r.getDetails().forEach((k, v) -> {
                    if (!k.contains(".") && v != null) c.put(k, String.valueOf(v));
                });
            }
            checks.add(c);
            if (r.getState() == HealthCheck.State.DOWN) up = false;
        }
        checks.sort((a, b) -> ((String) a.get("name")).compareTo((String) b.get("name")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        exchange.getMessage().setBody(JSON.writeValueAsString(body));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
    }
}
