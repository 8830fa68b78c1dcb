package dev.imagehub.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Binds a YAML configuration file to typed records, the way {@link OptionBinder} binds a step's options: a record
 * component is a key ({@link Option} gives its help text, default and bounds), a nested record a nested mapping, a
 * {@code List} a YAML list, a {@code Map<String, X>} a mapping whose keys the user chooses (folders, routes). Every
 * mistake of the file is collected and reported at once, each as {@code file:line: key 'a.b': what is wrong; did you
 * mean ...}. Values the binder does not know are read by a {@link Scalar} the caller registers (an age such as
 * {@code 30d}, an amount in USD). A key whose whole content is commented out (an empty value) counts as absent; an
 * {@code Optional} component tells an absent key (empty) from one given empty ({@code headlines: []}).
 */
public final class ConfigBinder {
    /** Reads one scalar of a caller's type; throws IllegalArgumentException saying what is wrong with the text. */
    @FunctionalInterface
    public interface Scalar<T> {
        T parse(String text);
    }

    /** Thrown by a configuration record's own check to be reported at one of its keys rather than at the mapping. */
    public static final class AtKey extends IllegalArgumentException {
        private final String key;

        private AtKey(String key, String message) {
            super(message);
            this.key = key;
        }
    }

    /** The mistake of a record's own check, reported at {@code key} (file, line, key path), e.g. {@code throw at("default", ...)}. */
    public static IllegalArgumentException at(String key, String message) {
        return new AtKey(key, message);
    }

    private final Map<Class<?>, Scalar<?>> scalars;

    private ConfigBinder(Map<Class<?>, Scalar<?>> scalars) {
        this.scalars = scalars;
    }

    /** Strings, numbers, booleans, enums, BigDecimal, time zones and byte sizes. */
    public static ConfigBinder standard() {
        Map<Class<?>, Scalar<?>> m = new HashMap<>();
        m.put(BigDecimal.class, t -> {
            try {
                return new BigDecimal(t.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not a number");
            }
        });
        m.put(ZoneId.class, t -> {
            try {
                return ZoneId.of(t.trim());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + t + "' is not a time zone; write a region such as Europe/Berlin or America/New_York, or UTC");
            }
        });
        m.put(ByteSize.class, ByteSize::parse);
        return new ConfigBinder(Collections.unmodifiableMap(m));
    }

    /** This binder, reading {@code type} with {@code parser} (replacing any earlier reader of that type). */
    public <T> ConfigBinder with(Class<T> type, Scalar<T> parser) {
        Map<Class<?>, Scalar<?>> m = new HashMap<>(scalars);
        m.put(type, parser);
        return new ConfigBinder(Collections.unmodifiableMap(m));
    }

    /** Binds {@code node} to {@code type}; throws one ConfigException holding every mistake found. */
    public <R extends Record> R bind(Class<R> type, ConfigNode node) {
        List<ConfigException> problems = new ArrayList<>();
        Object value = record(type, node, problems);
        if (problems.size() == 1) throw problems.get(0);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return type.cast(value);
    }

    /**
     * Binds one value that stands alone ({@code type} a scalar type or a record), such as a font of a list or a
     * background written as a single colour; throws one ConfigException holding every mistake found.
     */
    public <T> T read(Class<T> type, ConfigNode node) {
        List<ConfigException> problems = new ArrayList<>();
        Object value = value(type, node, null, problems);
        if (problems.size() == 1) throw problems.get(0);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return type.cast(value);
    }

    /** True for a value left empty, most often because everything under the key is commented out. */
    public static boolean blank(ConfigNode node) {
        return node == null || node.isScalar() && node.text().isBlank();
    }

    private Object value(Type type, ConfigNode node, Option option, List<ConfigException> problems) {
        Class<?> raw = rawClass(type);
        if (raw == ConfigNode.class) return node;
        // a type with a registered reader is one value, even when it is a record (a size, an address)
        if (raw.isRecord() && !scalars.containsKey(raw)) return record(raw, node, problems);
        if (raw == List.class) return list(argument(type, 0), node, option, problems);
        if (raw == Map.class) return map(argument(type, 1), node, option, problems);
        if (raw == Optional.class) return Optional.ofNullable(value(argument(type, 0), node, option, problems));
        if (!node.isScalar()) {
            problems.add(new ConfigException(node, "expected a single value, found " + (node.isMap() ? "a mapping" : "a list")));
            return null;
        }
        try {
            return scalar(raw, node.text(), option);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigException(node, e.getMessage()));
            return null;
        }
    }

    private Object record(Class<?> type, ConfigNode node, List<ConfigException> problems) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, ConfigNode> entries;
        if (blank(node)) {
            entries = Map.of();
        } else if (!node.isMap()) {
            problems.add(new ConfigException(node, "expected a mapping of " + keys(components) + ", found "
                    + (node.isList() ? "a list" : "the value '" + node.text() + "'")));
            return null;
        } else {
            entries = node.entries();
        }
        RecordComponent rest = Arrays.stream(components)
                .filter(c -> c.getAnnotation(Option.class) != null && c.getAnnotation(Option.class).rest()).findFirst().orElse(null);
        List<String> known = Arrays.stream(components).filter(c -> c != rest).map(ConfigBinder::key).toList();
        Map<String, ConfigNode> others = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
            if (known.contains(e.getKey())) continue;
            if (rest != null) {
                others.put(e.getKey(), e.getValue());
            } else {
                problems.add(new ConfigException(e.getValue(), "unknown key '" + e.getKey() + "'" + Suggestion.hint(e.getKey(), known)
                        + " (known: " + String.join(", ", known) + ")"));
            }
        }
        int before = problems.size();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            Option option = c.getAnnotation(Option.class);
            if (c == rest) {
                Map<String, Object> bound = new LinkedHashMap<>();
                others.forEach((k, v) -> bound.put(k, value(argument(c.getGenericType(), 1), v, option, problems)));
                values[i] = Collections.unmodifiableMap(bound);
                continue;
            }
            ConfigNode value = entries.get(key(c));
            String path = node.path().isEmpty() ? key(c) : node.path() + "." + key(c);
            if (!blank(value) || value != null && c.getType() == String.class && !(option != null && option.required())) {
                values[i] = value(c.getGenericType(), value, option, problems);
            } else if (option != null && option.required()) {
                problems.add(new ConfigException(node.file(), value != null ? value.line() : node.line(), path, "is missing; required here: "
                        + Arrays.stream(components).filter(x -> x.getAnnotation(Option.class) != null && x.getAnnotation(Option.class).required())
                        .map(ConfigBinder::key).collect(Collectors.joining(", "))));
            } else if (option != null && !option.defaultValue().isEmpty()) {
                // a default is reported, if ever, at the mapping that left the key out
                values[i] = value(c.getGenericType(), ConfigNode.scalarAt(node, path, option.defaultValue()), option, problems);
            } else {
                values[i] = empty(c.getType());
            }
        }
        if (problems.size() > before) return null;
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            // the record's own check (a default outside the allowed values): at the key it names, else at the mapping
            ConfigNode at = e.getCause() instanceof AtKey k && entries.get(k.key) != null ? entries.get(k.key) : node;
            problems.add(new ConfigException(at, e.getCause().getMessage()));
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("configuration record " + type.getName() + " cannot be constructed", e);
        }
    }

    private List<Object> list(Type item, ConfigNode node, Option option, List<ConfigException> problems) {
        if (blank(node)) return List.of();
        if (node.isScalar() && rawClass(item) == String.class) {
            // "a, b" for a list of names, like step options
            return Arrays.stream(node.text().split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> (Object) s).toList();
        }
        if (!node.isList()) {
            problems.add(new ConfigException(node, "expected a list (lines starting with '-')"));
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        for (ConfigNode n : node.items()) out.add(value(item, n, option, problems));
        return Collections.unmodifiableList(out);
    }

    private Map<String, Object> map(Type value, ConfigNode node, Option option, List<ConfigException> problems) {
        if (blank(node)) return Map.of();
        if (!node.isMap()) {
            problems.add(new ConfigException(node, "expected a mapping of name: value"));
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : node.entries().entrySet()) {
            if (e.getKey().isBlank()) problems.add(new ConfigException(e.getValue(), "a name is empty"));
            else out.put(e.getKey(), blank(e.getValue()) && rawClass(value).isRecord() && !scalars.containsKey(rawClass(value)) ? null
                    : value(value, e.getValue(), option, problems));
        }
        return Collections.unmodifiableMap(out);
    }

    private Object scalar(Class<?> t, String text, Option option) {
        Object v;
        String s = text.trim();
        try {
            if (t == String.class) v = text;
            else if (t == int.class || t == Integer.class) v = Integer.valueOf(s);
            else if (t == long.class || t == Long.class) v = Long.valueOf(s);
            else if (t == double.class || t == Double.class) v = Double.valueOf(s);
            else if (t == boolean.class || t == Boolean.class) v = OptionBinder.parseBoolean(text);
            else if (scalars.containsKey(t)) v = scalars.get(t).parse(text);
            else if (t.isEnum()) v = OptionBinder.parseEnum(t, text);
            else throw new IllegalStateException("no reader for configuration type " + t.getName());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a " + (t == double.class || t == Double.class ? "number" : "whole number"));
        }
        double n = v instanceof Number num ? num.doubleValue() : v instanceof BigDecimal b ? b.doubleValue() : Double.NaN;
        if (option != null && !Double.isNaN(n) && (n < option.min() || n > option.max())) {
            throw new IllegalArgumentException("must be between " + OptionBinder.fmt(option.min()) + " and " + OptionBinder.fmt(option.max()) + ", was " + s);
        }
        return v;
    }

    private static Object empty(Class<?> t) {
        if (t == int.class) return 0;
        if (t == long.class) return 0L;
        if (t == double.class) return 0d;
        if (t == boolean.class) return false;
        if (t == List.class) return List.of();
        if (t == Map.class) return Map.of();
        if (t == Optional.class) return Optional.empty();
        return null;
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        throw new IllegalStateException("unsupported configuration type " + t);
    }

    private static Type argument(Type t, int i) {
        if (t instanceof ParameterizedType p) return p.getActualTypeArguments()[Math.min(i, p.getActualTypeArguments().length - 1)];
        return String.class;
    }

    private static String keys(RecordComponent[] components) {
        return Arrays.stream(components).map(ConfigBinder::key).collect(Collectors.joining(", "));
    }

    private static String key(RecordComponent c) {
        Option o = c.getAnnotation(Option.class);
        return o != null && !o.key().isEmpty() ? o.key() : c.getName();
    }

    /**
     * A reader of values spelled as {@code spelling} gives them ({@code faceSwap}, {@code budget}), for enums whose
     * YAML words are not their constant names.
     */
    public static <E> Scalar<E> words(E[] all, Function<E, String> spelling) {
        return text -> {
            for (E e : all) if (spelling.apply(e).equals(text.trim())) return e;
            List<String> names = Arrays.stream(all).map(spelling).toList();
            throw new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", names) + Suggestion.hint(text.trim(), names));
        };
    }

}
