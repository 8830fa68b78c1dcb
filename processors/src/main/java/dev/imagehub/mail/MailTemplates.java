package dev.imagehub.mail;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

import dev.imagehub.config.ConfigException;

/**
 * The mail templates of {@code templates/mail/}: for each kind of mail a {@code <name>.subject.txt}, a
 * {@code <name>.txt} and a {@code <name>.html}, written in Mustache. Values are HTML-escaped in the HTML template and
 * inserted as they are in the subject and text. All templates are compiled at start-up, so a broken one stops the hub
 * with its file and line instead of failing the first reply.
 */
public final class MailTemplates {
    /** Every template the hub sends; each needs its three files. */
    public static final List<String> NAMES = List.of("reply", "refusal", "help", "route-failing", "route-recovered",
            "export-finished", "export-failed", "hub-paused", "hub-resumed");

    /** One rendered mail: a single-line subject, the plain text and the HTML alternative. */
    public record Rendered(String subject, String text, String html) {
    }

    private record Compiled(Mustache subject, Mustache text, Mustache html) {
    }

    private final Map<String, Compiled> templates = new LinkedHashMap<>();

    private MailTemplates() {
    }

    /** Compiles every template of {@code dir} ({@code templates/mail} of the hub's home); a missing or broken one is a ConfigException. */
    public static MailTemplates load(Path dir) {
        MailTemplates t = new MailTemplates();
        DefaultMustacheFactory plain = new PlainFactory();
        DefaultMustacheFactory html = new DefaultMustacheFactory();
        for (String name : NAMES) {
            t.templates.put(name, new Compiled(compile(plain, dir, name + ".subject.txt"), compile(plain, dir, name + ".txt"),
                    compile(html, dir, name + ".html")));
        }
        return t;
    }

    private static Mustache compile(DefaultMustacheFactory factory, Path dir, String file) {
        String display = "templates/mail/" + file;
        Path path = dir.resolve(file);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(display, 0, "", "the mail template is missing or unreadable (" + e.getMessage()
                    + "); restore it from the hub's templates/mail/ folder");
        }
        try {
            return factory.compile(new StringReader(text), display);
        } catch (MustacheException e) {
            throw new ConfigException(display, lineOf(e), "", "the Mustache template does not compile: " + e.getMessage());
        }
    }

    private static int lineOf(MustacheException e) {
        return e.getContext() == null ? 0 : e.getContext().line();
    }

    /** Renders template {@code name} with {@code values} (maps, lists, strings, numbers, booleans). */
    public Rendered render(String name, Map<String, ?> values) {
        Compiled c = templates.get(name);
        if (c == null) throw new IllegalArgumentException("no mail template '" + name + "'; known: " + NAMES);
        // a subject is one line: a value with a line break must not start a new header
        String subject = run(c.subject(), values).strip().replaceAll("[\\r\\n\\t]+", " ");
        return new Rendered(subject, run(c.text(), values), run(c.html(), values));
    }

    private static String run(Mustache m, Map<String, ?> values) {
        StringWriter w = new StringWriter();
        m.execute(w, values);
        return w.toString();
    }

    // Plain text and subjects take values unchanged: "&" stays "&" in a text mail.
    private static final class PlainFactory extends DefaultMustacheFactory {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
