package dev.imagehub.steps.ai;

import java.math.BigDecimal;
import java.util.List;

import dev.imagehub.wavespeed.InputSpec;

/** Converts a pass-through input written in a chain to the JSON type the model expects, within its declared limits. */
final class InputValues {
    private InputValues() {
    }

    static Object convert(InputSpec spec, Object value) {
        if (value instanceof List<?> list) {
            if (spec.type() != InputSpec.Type.LIST && spec.type() != InputSpec.Type.IMAGES) {
                throw new IllegalArgumentException("takes one value of type " + spec.type().word() + ", not a list");
            }
            return list;
        }
        String text = String.valueOf(value).trim();
        return switch (spec.type()) {
            case INTEGER -> {
                try {
                    long v = Long.parseLong(text);
                    range(spec, BigDecimal.valueOf(v), text);
                    yield v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a whole number");
                }
            }
            case NUMBER -> {
                try {
                    BigDecimal v = new BigDecimal(text);
                    range(spec, v, text);
                    yield v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a number");
                }
            }
            case BOOLEAN -> switch (text) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
            };
            case ENUM -> {
                if (!spec.values().contains(text)) throw new IllegalArgumentException("'" + text + "' is not one of " + spec.values());
                yield text;
            }
            case SIZE -> {
                if (!text.matches("\\d+\\*\\d+")) throw new IllegalArgumentException("'" + text + "' is not a size W*H such as 1024*1024");
                yield text;
            }
            case IMAGE, IMAGES, AUDIO -> throw new IllegalArgumentException(
                    "is a file; the step fills it (local files are uploaded), it cannot be written as text");
            default -> text;
        };
    }

    private static void range(InputSpec spec, BigDecimal v, String text) {
        if (spec.min() != null && v.compareTo(spec.min()) < 0 || spec.max() != null && v.compareTo(spec.max()) > 0) {
            throw new IllegalArgumentException(text + " is outside " + spec.min() + ".." + spec.max());
        }
    }
}
