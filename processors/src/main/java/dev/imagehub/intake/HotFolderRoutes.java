package dev.imagehub.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Suggestion;
import dev.imagehub.config.YamlConfig;

/**
 * Checks the hot folders of {@code routes/*.camel.yaml} before Camel starts, so that a route naming an unknown chain
 * (or a bad folder name, or a parameter the template does not have) stops the start with its file, line and key,
 * together with every other mistake, instead of a stack trace from inside Camel.
 */
public final class HotFolderRoutes {
    static final Set<String> PARAMETERS = Set.of("name", "chain", "workers", "exclude", "followLinks", "review");

    private HotFolderRoutes() {
    }

    /** Every mistake in the hot-folder routes under {@code home/routes}; empty when they are all fine. */
    public static List<ConfigException> check(Path home, ChainCatalog chains) {
        List<ConfigException> problems = new ArrayList<>();
        Path dir = home.resolve("routes");
        if (!Files.isDirectory(dir)) return problems;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            problems.add(new ConfigException("routes", 0, "", "cannot list the routes: " + e.getMessage()));
            return problems;
        }
        Set<String> folders = new TreeSet<>();
        for (Path f : files) {
            String display = "routes/" + f.getFileName();
            try {
                ConfigNode root = YamlConfig.read(f, display);
                if (!root.isList()) continue;
                for (ConfigNode item : root.items()) {
                    ConfigNode t = item.isMap() ? item.get("templatedRoute") : null;
                    if (t == null || t.get("routeTemplateRef") == null || !"hotfolder".equals(t.get("routeTemplateRef").text())) continue;
                    checkOne(t, chains, folders, problems);
                }
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        return problems;
    }

    private static void checkOne(ConfigNode route, ChainCatalog chains, Set<String> folders, List<ConfigException> problems) {
        ConfigNode params = route.get("parameters");
        String name = null;
        ConfigNode nameNode = null;
        String folder = "hot folder";
        for (ConfigNode p : params == null || !params.isList() ? List.<ConfigNode>of() : params.items()) {
            if (p.get("name") != null && "name".equals(p.get("name").text()) && p.get("value") != null) {
                folder = "hot folder '" + p.get("value").text() + "'";
            }
        }
        boolean chainGiven = false;
        for (ConfigNode p : params == null || !params.isList() ? List.<ConfigNode>of() : params.items()) {
            ConfigNode key = p.get("name");
            ConfigNode value = p.get("value");
            if (key == null || value == null) continue;
            String k = key.text();
            String at = "parameters." + k;
            if (!PARAMETERS.contains(k)) {
                problems.add(new ConfigException(key.file(), key.line(), "parameters", "the hotfolder template has no parameter '" + k + "'"
                        + Suggestion.hint(k, PARAMETERS) + " (parameters: " + String.join(", ", new TreeSet<>(PARAMETERS)) + ")"));
            }
            switch (k) {
                case "name" -> {
                    name = value.text();
                    nameNode = value;
                    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                        problems.add(new ConfigException(value.file(), value.line(), at, "hot folder name '" + name + "' must use letters, digits, '.', '-' and '_' only"));
                    }
                }
                case "chain" -> {
                    chainGiven = true;
                    // a chain with a mistake of its own was reported with it: naming it here is no second mistake
                    if (chains.get(value.text()) == null && !chains.broken().contains(value.text())) {
                        Set<String> known = new TreeSet<>(chains.all().keySet());
                        known.addAll(chains.broken());
                        problems.add(new ConfigException(value.file(), value.line(), at, folder + ": unknown chain '" + value.text() + "'"
                                + Suggestion.hint(value.text(), known)
                                + " (chains in config/chains.yaml: " + String.join(", ", chains.all().keySet()) + ")"));
                    }
                }
                case "workers" -> {
                    if (!value.text().matches("\\d{1,3}|\\{\\{.*}}") || (value.text().matches("\\d+") && Integer.parseInt(value.text()) < 1)) {
                        problems.add(new ConfigException(value.file(), value.line(), at, "workers must be a whole number from 1 to 999, was '" + value.text() + "'"));
                    }
                }
                case "followLinks", "review" -> {
                    if (!value.text().equals("true") && !value.text().equals("false")) {
                        problems.add(new ConfigException(value.file(), value.line(), at, k + " must be true or false, was '" + value.text() + "'"));
                    }
                }
                default -> {
                }
            }
        }
        if (name == null) problems.add(new ConfigException(route, "a hot folder route needs the parameter 'name' (the folder under inbox/)"));
        else if (!folders.add(name)) problems.add(new ConfigException(nameNode.file(), nameNode.line(), "parameters.name", "hot folder '" + name + "' is defined by two routes"));
        if (!chainGiven) problems.add(new ConfigException(route, "a hot folder route needs the parameter 'chain' (a chain of config/chains.yaml)"));
    }
}
