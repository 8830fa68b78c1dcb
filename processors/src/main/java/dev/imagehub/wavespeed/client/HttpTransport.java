package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Sends the client's HTTP requests through camel-http, in the hub's one CamelContext. The http component instance is
 * the client's own (configured for WaveSpeed: pool, timeouts, no automatic retries) and is stopped by the client, not
 * with the context's components, so that a task finishing during shutdown can still download its output; one endpoint
 * serves every request (the URL travels in {@link Exchange#HTTP_URI}), so prediction ids never create endpoints.
 * Non-2xx answers are returned, not thrown: the caller reads status and body itself.
 */
final class HttpTransport implements AutoCloseable {
    /** A whole response, read into memory (JSON envelopes and outputs of a few MB). */
    record Response(int status, byte[] body, String contentType) {
    }

    // only endpoint options here: anything else in this query would be sent to the server as part of every URL
    private static final String ENDPOINT = "http://wavespeed?throwExceptionOnFailure=false&followRedirects=true";
    static final String[] SECRET_LOGGERS = {"org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire"};
    private final CamelContext camel;
    private final HttpComponent http;
    private final Producer producer;
    private final String apiHost;
    private final ApiKey key;

    HttpTransport(WaveSpeedSettings settings, ApiKey key, CamelContext camel) {
        this.key = key;
        // HttpClient's header and wire loggers print every request header, Authorization included, at DEBUG: they are
        // held at INFO here (and in log4j2.properties) so that turning on DEBUG to troubleshoot never logs the key
        for (String logger : SECRET_LOGGERS) {
            org.apache.logging.log4j.core.config.Configurator.setLevel(logger, org.apache.logging.log4j.Level.INFO);
        }
        this.apiHost = URI.create(settings.baseUrl()).getAuthority();
        this.camel = camel;
        http = new HttpComponent();
        http.setCamelContext(camel);
        // every task holds a connection at most while one request runs; uploads and downloads run beside polls
        int pool = Math.max(20, settings.concurrency() * 4);
        http.setMaxTotalConnections(pool);
        http.setConnectionsPerRoute(pool);
        http.setConnectTimeout(settings.connectTimeout().toMillis());
        http.setConnectionRequestTimeout(settings.responseTimeout().toMillis());
        http.setResponseTimeout(settings.responseTimeout().toMillis());
        http.setSoTimeout(settings.responseTimeout().toMillis());
        // outputs are read whole (they must be saved at once anyway), never as a half-consumed stream
        http.setResponsePayloadStreamingThreshold(Integer.MAX_VALUE);
        // HttpClient would otherwise re-send a request on 429/503 by itself, the submit POST included, and a re-sent
        // submit can create a second billed task: the client decides every retry itself
        http.setAutomaticRetriesDisabled(true);
        http.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries());
        try {
            http.start();
            Endpoint endpoint = http.createEndpoint(ENDPOINT);
            producer = endpoint.createProducer();
            ServiceHelper.startService(endpoint, producer);
        } catch (Exception e) {
            ServiceHelper.stopService(http);
            throw new IllegalStateException("cannot start the WaveSpeed HTTP client: " + e.getMessage(), e);
        }
    }

    /**
     * Sends one request. {@code body} is null, a {@code byte[]} (with {@code contentType}) or an HttpEntity
     * (multipart). The API key is sent only when {@code authenticate} is set and only to the API's own host, never to
     * upload or CDN URLs. Throws IOException for transport errors (no answer), with a message without the key.
     */
    Response send(String method, String url, Map<String, String> headers, Object body, String contentType,
                  boolean authenticate) throws IOException {
        Exchange ex = new DefaultExchange(camel);
        ex.getIn().setHeader(Exchange.HTTP_URI, url);
        // camel-http takes the query from this header (else from the endpoint), so a pre-signed URL keeps its signature
        String query = URI.create(url).getRawQuery();
        if (query != null) ex.getIn().setHeader(Exchange.HTTP_QUERY, query);
        ex.getIn().setHeader(Exchange.HTTP_METHOD, method);
        if (authenticate && isApi(url)) {
            ex.getIn().setHeader("Authorization", key.bearer());
            ex.getIn().setHeader("X-Client-Name", "image-hub");
        }
        headers.forEach((k, v) -> ex.getIn().setHeader(k, v));
        if (contentType != null) ex.getIn().setHeader(Exchange.CONTENT_TYPE, contentType);
        ex.getIn().setBody(body);
        try {
            producer.process(ex);
        } catch (Exception e) {
            ex.setException(e);
        }
        Exchange out = ex;
        if (out.getException() != null) {
            Exception e = out.getException();
            String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new IOException(key.redact(what), e);
        }
        Integer status = out.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        byte[] bytes = out.getMessage().getBody(byte[].class);
        String type = out.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        return new Response(status == null ? 0 : status, bytes == null ? new byte[0] : bytes, type == null ? "" : type);
    }

    boolean isApi(String url) {
        try {
            return apiHost.equalsIgnoreCase(URI.create(url).getAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            ServiceHelper.stopAndShutdownServices(producer, http);
        } catch (Exception e) {
            // nothing is pending once the gateway closes; a failing stop must not hide the hub's own shutdown
        }
    }
}
