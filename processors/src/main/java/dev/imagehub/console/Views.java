package dev.imagehub.console;

import java.io.StringWriter;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

/**
 * The console's pages: Mustache templates in the jar ({@code console/pages/*.html}), HTML-escaped by default, compiled
 * once. Logic-less on purpose: the pages only show what the Java side prepared.
 */
final class Views {
    private final DefaultMustacheFactory factory = new DefaultMustacheFactory("console/pages");
    private final Map<String, Mustache> compiled = new java.util.concurrent.ConcurrentHashMap<>();

    String render(String page, Map<String, Object> model) {
        Mustache m = compiled.computeIfAbsent(page, p -> factory.compile(p + ".html"));
        StringWriter out = new StringWriter();
        m.execute(out, model);
        return out.toString();
    }
}
