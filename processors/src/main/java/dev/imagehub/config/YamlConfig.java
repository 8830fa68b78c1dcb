package dev.imagehub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a YAML configuration file into {@link ConfigNode}s that carry file, line and key path. */
public final class YamlConfig {
    private YamlConfig() {
    }

    /** Parses {@code file}; {@code displayName} is how errors name it (e.g. {@code config/chains.yaml}). */
    public static ConfigNode read(Path file, String displayName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(displayName, 0, "", "cannot read the file: " + e.getMessage());
        }
        return parse(text, displayName);
    }

    public static ConfigNode parse(String text, String displayName) {
        LoadSettings settings = LoadSettings.builder().setLabel(displayName).setAllowDuplicateKeys(false).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ConfigException(displayName, line, "", "invalid YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new ConfigException(displayName, 0, "", "invalid YAML: " + e.getMessage());
        }
        if (root.isEmpty()) return ConfigNode.map(displayName, 1, "", Map.of());
        return convert(root.get(), displayName, "", 0);
    }

    // keyLine: the line of the key this node is the value of; a block value starts on the next line, but people look
    // for the key
    private static ConfigNode convert(Node node, String file, String path, int keyLine) {
        int own = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        int line = keyLine > 0 && !(node instanceof ScalarNode) ? keyLine : own;
        if (node instanceof ScalarNode scalar) {
            return ConfigNode.scalar(file, line, path, scalar.getValue());
        }
        if (node instanceof SequenceNode seq) {
            List<ConfigNode> items = ConfigNode.newList();
            int i = 0;
            for (Node child : seq.getValue()) {
                items.add(convert(child, file, path + "[" + i++ + "]", 0));
            }
            return ConfigNode.list(file, line, path, items);
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new ConfigException(file, line, path, "keys must be plain words");
            }
            String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
            int childKeyLine = key.getStartMark().map(Mark::getLine).orElse(-1) + 1;
            ConfigNode value = convert(tuple.getValueNode(), file, childPath, childKeyLine);
            if (entries.containsKey(key.getValue())) {
                throw new ConfigException(value, "is set twice");
            }
            entries.put(key.getValue(), value);
        }
        return ConfigNode.map(file, line, path, entries);
    }
}
