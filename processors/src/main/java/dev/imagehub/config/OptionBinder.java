package dev.imagehub.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a YAML mapping onto a step's options record: every key must be a component, every value must convert to the
 * component's type and respect its {@link Option} bounds. Errors name the file, line, step and option.
 */
public final class OptionBinder {
    private OptionBinder() {
    }

    public static <O extends Record> O bind(Class<O> type, ConfigNode node, String stepName) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, ConfigNode> entries = node.entries();
        for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(e.getKey()))) {
                throw new ConfigException(e.getValue(), "unknown option '" + e.getKey() + "' for step '" + stepName
                        + "' (known options: " + names(components) + ")");
            }
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            Option option = c.getAnnotation(Option.class);
            ConfigNode value = entries.get(c.getName());
            String text;
            ConfigNode at;
            if (value != null && c.getType() == Map.class) {
                values[i] = mapping(value, c.getName(), stepName);
                continue;
            }
            if (c.getType() == Map.class) {
                values[i] = Map.of();
                continue;
            }
            if (value != null) {
                // a YAML list ([avif, webp]) binds to a List<String> option like the same names separated by commas
                text = value.isList() && c.getType() == List.class
                        ? value.items().stream().map(ConfigNode::text).collect(Collectors.joining(",")) : value.text();
                at = value;
            } else if (option != null && !option.defaultValue().isEmpty()) {
                text = option.defaultValue();
                at = node;
            } else {
                values[i] = primitiveZero(c.getType());
                continue;
            }
            values[i] = convert(c, text, at, stepName, option);
        }
        try {
            Constructor<O> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new ConfigException(node, "step '" + stepName + "': " + cause.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("options record " + type.getName() + " cannot be constructed", e);
        }
    }

    // A mapping option (e.g. model inputs passed through as written): scalars as text, lists as lists of text.
    private static Map<String, Object> mapping(ConfigNode value, String option, String step) {
        if (value.isScalar() && value.text().isEmpty()) return Map.of();
        if (!value.isMap()) {
            throw new ConfigException(value, "option '" + option + "' of step '" + step + "' must be a mapping like { key: value }");
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : value.entries().entrySet()) {
            ConfigNode v = e.getValue();
            if (v.isMap()) {
                throw new ConfigException(v, "option '" + option + "." + e.getKey() + "' of step '" + step + "': write a value or a list, not a mapping");
            }
            out.put(e.getKey(), v.isList() ? v.items().stream().map(ConfigNode::text).toList() : v.text());
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Describes each option of a step for help output: {@code name (type, default x): description}. */
    public static List<String> describe(Class<? extends Record> type) {
        List<String> lines = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Option o = c.getAnnotation(Option.class);
            String typeName = c.getType().isEnum() ? enumNames(c.getType()) : c.getType().getSimpleName();
            String def = o != null && !o.defaultValue().isEmpty() ? ", default " + o.defaultValue() : "";
            lines.add(c.getName() + " (" + typeName + def + ")" + (o != null ? ": " + o.value() : ""));
        }
        return lines;
    }

    private static Object convert(RecordComponent c, String text, ConfigNode at, String step, Option option) {
        Class<?> t = c.getType();
        String where = "option '" + c.getName() + "' of step '" + step + "'";
        try {
            Object v;
            if (t == String.class) {
                v = text;
            } else if (t == int.class || t == Integer.class) {
                v = Integer.valueOf(text.trim());
            } else if (t == long.class || t == Long.class) {
                v = Long.valueOf(text.trim());
            } else if (t == double.class || t == Double.class) {
                v = Double.valueOf(text.trim().endsWith("%") ? text.trim().substring(0, text.trim().length() - 1) : text.trim());
            } else if (t == boolean.class || t == Boolean.class) {
                v = parseBoolean(text);
            } else if (t == ByteSize.class) {
                v = ByteSize.parse(text);
            } else if (t == List.class) {
                v = Arrays.stream(text.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
            } else if (t.isEnum()) {
                v = parseEnum(t, text);
            } else {
                throw new IllegalStateException("unsupported option type " + t);
            }
            if (v instanceof Number n && option != null) {
                double d = n.doubleValue();
                if (d < option.min() || d > option.max()) {
                    throw new IllegalArgumentException("must be between " + fmt(option.min()) + " and " + fmt(option.max()) + ", was " + text);
                }
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(at, where + ": '" + text + "' is not a " + (t == double.class || t == Double.class ? "number" : "whole number"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, where + ": " + e.getMessage());
        }
    }

    /** true/yes/on or false/no/off; IllegalArgumentException otherwise (shared with {@link ConfigBinder}). */
    public static Boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }

    /** The constant written as {@code text} (fillCrop, fill-crop, FILL_CROP), else what it could be (shared with {@link ConfigBinder}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object parseEnum(Class<?> t, String text) {
        String wanted = normalise(text);
        for (Object constant : t.getEnumConstants()) {
            if (normalise(((Enum) constant).name()).equals(wanted)) return constant;
        }
        List<String> names = Arrays.stream(t.getEnumConstants()).map(c -> display(((Enum<?>) c).name())).toList();
        throw new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", names) + Suggestion.hint(text.trim(), names));
    }

    public static String enumNames(Class<?> t) {
        return Arrays.stream(t.getEnumConstants()).map(c -> display(((Enum<?>) c).name())).collect(Collectors.joining(", "));
    }

    /** How an enum constant is written in YAML: FILL_CROP becomes fillCrop. */
    public static String display(String constant) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char ch : constant.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
                upper = false;
            }
        }
        return sb.toString();
    }

    private static String normalise(String s) {
        return s.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static Object primitiveZero(Class<?> t) {
        if (t == int.class) return 0;
        if (t == long.class) return 0L;
        if (t == double.class) return 0d;
        if (t == boolean.class) return false;
        return null;
    }

    private static String names(RecordComponent[] components) {
        return Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.joining(", "));
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
