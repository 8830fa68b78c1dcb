package dev.imagehub.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's part of the console's HTTP, for tests over real loopback HTTP: keeps cookies, does not follow redirects,
 * and can send the CSRF token of the last page it read (or leave it out, to see the refusal).
 */
public final class ConsoleClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern LOGIN = Pattern.compile("name=\"_login\" value=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf = "";

    public ConsoleClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    public String csrf() {
        return csrf;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        remember(r);
        return r;
    }

    public HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return r;
    }

    /** POSTs {@code form} with the CSRF token of the last page read added as {@code _csrf}. */
    public HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.putIfAbsent("_csrf", csrf);
        return postRaw(path, withToken, null);
    }

    /** POSTs exactly {@code form}, with an Origin header when {@code origin} is not null. */
    public HttpResponse<String> postRaw(String path, Map<String, String> form, String origin) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder b = request(path).header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) b.header("Origin", origin);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        remember(r);
        return r;
    }

    /** Logs in through the login form; returns the answer to the form's POST. */
    public HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> page = get("/console/login");
        Matcher m = LOGIN.matcher(page.body());
        if (!m.find()) throw new IllegalStateException("no login form: " + page.body());
        return postRaw("/console/login", Map.of("_login", m.group(1), "user", user, "password", password, "next", "/console/"), null);
    }

    public void forgetCookies() {
        cookies.clear();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        return b;
    }

    private void remember(HttpResponse<String> r) {
        List<String> set = r.headers().allValues("Set-Cookie");
        for (String c : set) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String value = pair.substring(eq + 1);
                if (value.isEmpty()) cookies.remove(pair.substring(0, eq));
                else cookies.put(pair.substring(0, eq), value);
            }
        }
        Matcher m = CSRF.matcher(r.body() == null ? "" : r.body());
        if (m.find()) csrf = m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
