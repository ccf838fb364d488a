package dev.corvid.template;

import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} for the values a template sees (maps, lists, strings, numbers, booleans,
 * null), byte for byte: chat templates print tool schemas with {@code tojson}, and the model was trained
 * on Python's spacing ({@code {"a": 1, "b": [1, 2]}}) and float format ({@code 1e-05}, {@code 1.0}).
 *
 * @param indent       null for one line; else newline-and-indent by this many spaces per level
 * @param itemSeparator between items; Python's default is ", " on one line and "," with an indent
 * @param keySeparator  between a key and its value, ": " by default
 * @param ensureAscii  escape every non-ASCII character as {@code \\uXXXX} (Hugging Face templates default to false)
 * @param sortKeys     write map entries in key order instead of insertion order
 */
record PythonJson(Integer indent, String itemSeparator, String keySeparator, boolean ensureAscii, boolean sortKeys) {

    /** The Hugging Face {@code tojson} defaults: one line, unicode kept, insertion order. */
    static final PythonJson DEFAULT = new PythonJson(null, ", ", ": ", false, false);

    String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    private void write(Object value, int depth, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case CharSequence s -> writeString(s.toString(), out);
            case Number n -> out.append(number(n));
            case Map<?, ?> map -> writeMap(map, depth, out);
            case Collection<?> list -> writeList(list, depth, out);
            case Object[] array -> writeList(List.of(array), depth, out);
            default -> throw new IllegalArgumentException(
                    "Object of type " + value.getClass().getSimpleName() + " is not JSON serializable");
        }
    }

    private static String number(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger) {
            return n.toString();
        }
        return PythonFloatRepr.repr(n.doubleValue());
    }

    private void writeList(Collection<?> list, int depth, StringBuilder out) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        boolean first = true;
        for (Object item : list) {
            separate(first, depth + 1, out);
            first = false;
            write(item, depth + 1, out);
        }
        newline(depth, out);
        out.append(']');
    }

    private void writeMap(Map<?, ?> map, int depth, StringBuilder out) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(key(e.getKey()), e.getValue()));
        }
        if (sortKeys) {
            entries.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : entries) {
            separate(first, depth + 1, out);
            first = false;
            writeString(e.getKey(), out);
            out.append(keySeparator);
            write(e.getValue(), depth + 1, out);
        }
        newline(depth, out);
        out.append('}');
    }

    /** Python turns str, int, float, bool and None keys into strings; anything else is a TypeError. */
    private static String key(Object key) {
        return switch (key) {
            case null -> "null";
            case CharSequence s -> s.toString();
            case Boolean b -> b ? "true" : "false";
            case Number n -> number(n);
            default -> throw new IllegalArgumentException(
                    "keys must be str, int, float, bool or None, not " + key.getClass().getSimpleName());
        };
    }

    private void separate(boolean first, int depth, StringBuilder out) {
        if (!first) {
            out.append(itemSeparator);
        }
        newline(depth, out);
    }

    private void newline(int depth, StringBuilder out) {
        if (indent != null) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
