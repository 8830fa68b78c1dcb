package dev.imagehub.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;

/**
 * The hot folders declared in {@code routes/*.camel.yaml} with the chain each names, so a mail tagged with a folder
 * name ({@code [shop]}) runs the same chain as a file dropped into that folder.
 */
public final class HotFolders {
    private HotFolders() {
    }

    /** Folder name to chain name, for every {@code hotfolder} templated route under {@code routesDir}. */
    public static Map<String, String> read(Path routesDir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(routesDir)) return out;
        try (var files = Files.list(routesDir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (!f.getFileName().toString().endsWith(".camel.yaml")) continue;
                ConfigNode root = YamlConfig.read(f, "routes/" + f.getFileName());
                if (!root.isList()) continue;
                for (ConfigNode item : root.items()) {
                    ConfigNode t = item.isMap() ? item.get("templatedRoute") : null;
                    if (t == null || !t.isMap() || t.get("routeTemplateRef") == null || !"hotfolder".equals(t.get("routeTemplateRef").text())) continue;
                    String name = null;
                    String chain = null;
                    ConfigNode params = t.get("parameters");
                    if (params == null || !params.isList()) continue;
                    for (ConfigNode p : params.items()) {
                        if (!p.isMap() || p.get("name") == null || p.get("value") == null) continue;
                        if ("name".equals(p.get("name").text())) name = p.get("value").text();
                        if ("chain".equals(p.get("name").text())) chain = p.get("value").text();
                    }
                    if (name != null && chain != null) out.put(name, chain);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + routesDir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
