package dev.imagehub.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One HTTP request to the console, read once from the Camel message: method, path below {@code /console}, query and
 * form parameters (first value of each), cookies, the client's address and the Origin header. Nothing else of the
 * request reaches the pages.
 */
public record WebRequest(String method, String path, Map<String, String> query, Map<String, String> form, Map<String, String> cookies,
                         String address, String origin, String host) {
    public static final String PREFIX = "/console";

    static WebRequest from(Exchange exchange) {
        Message m = exchange.getMessage();
        String method = String.valueOf(m.getHeader(Exchange.HTTP_METHOD)).toUpperCase(Locale.ROOT);
        String uri = m.getHeader(Exchange.HTTP_URI, "", String.class);
        int q = uri.indexOf('?');
        String path = q >= 0 ? uri.substring(0, q) : uri;
        path = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
        if (path.isEmpty()) path = "/";
        Map<String, String> query = parse(m.getHeader(Exchange.HTTP_QUERY, "", String.class));
        Map<String, String> form = Map.of();
        if (method.equals("POST")) {
            Object body = m.getBody();
            if (body instanceof Map<?, ?> map) {
                Map<String, String> f = new LinkedHashMap<>();
                map.forEach((k, v) -> f.put(String.valueOf(k), first(v)));
                form = f;
            } else {
                String text = body == null ? "" : exchange.getContext().getTypeConverter().convertTo(String.class, exchange, body);
                form = parse(text == null ? "" : text);
            }
        }
        Object remote = m.getHeader("CamelVertxPlatformHttpRemoteAddress");
        String address = remote instanceof io.vertx.core.net.SocketAddress sa ? sa.hostAddress() : "unknown";
        return new WebRequest(method, path, query, form, cookies(m.getHeader("Cookie", "", String.class)), address,
                m.getHeader("Origin", String.class), m.getHeader("Host", String.class));
    }

    public String query(String name) {
        String v = query.get(name);
        return v == null ? "" : v.trim();
    }

    public String form(String name) {
        String v = form.get(name);
        return v == null ? "" : v;
    }

    /** The path's parts after {@code /console}: {@code /files/abc/retry} gives [files, abc, retry]. */
    public List<String> parts() {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return out;
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq >= 0 ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
                String v = eq >= 0 ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                // a malformed escape: the parameter is ignored, as if not sent
            }
        }
        return out;
    }

    private static Map<String, String> cookies(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String c : header.split(";")) {
            int eq = c.indexOf('=');
            if (eq > 0) out.putIfAbsent(c.substring(0, eq).trim(), c.substring(eq + 1).trim());
        }
        return out;
    }

    private static String first(Object v) {
        if (v instanceof List<?> l) return l.isEmpty() ? "" : String.valueOf(l.get(0));
        return v == null ? "" : String.valueOf(v);
    }
}
