package dev.imagehub.console;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** What the console answers: status, type, body and the few headers it sets itself (security headers are added to all). */
public record WebResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    // no script, style or image from elsewhere, no framing, no inline script: the console works offline and cannot be
    // made to run someone else's code
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebResponse html(int status, String html) {
        return new WebResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    public static WebResponse text(int status, String text) {
        return new WebResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    public static WebResponse bytes(String contentType, byte[] body) {
        return new WebResponse(200, contentType, body, new LinkedHashMap<>());
    }

    /** 303 See Other: after a change, the browser loads {@code location} with GET (no form re-sent on reload). */
    public static WebResponse redirect(String location) {
        WebResponse r = new WebResponse(303, "text/plain; charset=utf-8", new byte[0], new LinkedHashMap<>());
        r.headers().put("Location", location);
        return r;
    }

    public WebResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    void writeTo(Exchange exchange) {
        Message m = exchange.getMessage();
        // the request's headers (cookies, query parameters) must not echo back as response headers
        m.removeHeaders("*");
        m.setBody(body);
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setHeader("Content-Security-Policy", CSP);
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("X-Frame-Options", "DENY");
        m.setHeader("Referrer-Policy", "same-origin");
        m.setHeader("Cache-Control", headers.containsKey("Cache-Control") ? headers.get("Cache-Control") : "no-store");
        headers.forEach(m::setHeader);
    }
}
