package dev.imagehub.console;

import org.apache.camel.builder.RouteBuilder;

/**
 * The console on the hub's HTTP server: every path under {@code /console} goes to {@link Console}, and {@code /}
 * leads there. In Java beside /health and /metrics because it exists only when the server does.
 */
public final class ConsoleRoutes extends RouteBuilder {
    private final Console console;

    public ConsoleRoutes(Console console) {
        this.console = console;
    }

    @Override
    public void configure() {
        from("platform-http:" + WebRequest.PREFIX + "?matchOnUriPrefix=true").routeId("http-console")
                .process(e -> console.handle(WebRequest.from(e)).writeTo(e));
        from("platform-http:/?httpMethodRestrict=GET").routeId("http-root")
                .process(e -> WebResponse.redirect(WebRequest.PREFIX + "/").writeTo(e));
    }
}
