package dev.imagehub.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a JSON file (a batch manifest) into {@link ConfigNode}s that carry file, line and key path, like
 * {@link YamlConfig}, so that the one {@link ConfigBinder} reads JSON and YAML alike and a mistake names its line.
 * Jackson's streaming parser gives the lines (its tree does not); {@code null} reads as an empty value.
 */
public final class JsonConfig {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final int MAX_DEPTH = 64;

    private JsonConfig() {
    }

    /** Parses {@code json}; a syntax error is a ConfigException naming {@code displayName} and the line. */
    public static ConfigNode parse(byte[] json, String displayName) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() == null) throw new ConfigException(displayName, 0, "", "the file is empty");
            ConfigNode root = value(p, displayName, "", 0);
            if (p.nextToken() != null) {
                throw new ConfigException(displayName, p.currentTokenLocation().getLineNr(), "", "more than one JSON value in the file");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(displayName, line, "", "this is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(displayName, 0, "", "cannot be read: " + e.getMessage());
        }
    }

    private static ConfigNode value(JsonParser p, String file, String path, int depth) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        if (depth > MAX_DEPTH) throw new ConfigException(file, line, path, "nested more than " + MAX_DEPTH + " levels deep");
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                entries.put(key, value(p, file, path.isEmpty() ? key : path + "." + key, depth + 1));
            }
            return ConfigNode.map(file, line, path, entries);
        }
        if (t == JsonToken.START_ARRAY) {
            List<ConfigNode> items = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) items.add(value(p, file, path + "[" + i++ + "]", depth + 1));
            return ConfigNode.list(file, line, path, items);
        }
        return ConfigNode.scalar(file, line, path, t == JsonToken.VALUE_NULL ? "" : p.getText());
    }
}
