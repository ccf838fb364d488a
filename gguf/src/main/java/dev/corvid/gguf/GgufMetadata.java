package dev.corvid.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The key/value metadata of a GGUF file, in file order, with typed access. A getter whose key is
 * missing or holds another type fails with a {@link GgufFormatException} naming the source, the
 * key and both types, e.g. {@code model.gguf: metadata key 'llama.block_count' is a STRING, expected
 * an integer}.
 */
public final class GgufMetadata {
    private final String source;
    private final SequencedMap<String, GgufValue> entries;

    /** @param source what the metadata came from (a file name), used in error messages */
    public GgufMetadata(String source, Map<String, GgufValue> entries) {
        this.source = source;
        this.entries = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(entries));
    }

    /** All entries, in file order, unmodifiable. */
    public SequencedMap<String, GgufValue> asMap() {
        return entries;
    }

    public String source() {
        return source;
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    public Optional<GgufValue> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public GgufValue get(String key) {
        GgufValue v = entries.get(key);
        if (v == null) {
            throw new GgufFormatException(source + ": metadata key '" + key + "' is missing");
        }
        return v;
    }

    public String getString(String key) {
        return (String) require(key, GgufValueType.STRING, "a STRING").value();
    }

    public Optional<String> findString(String key) {
        return contains(key) ? Optional.of(getString(key)) : Optional.empty();
    }

    /** Any integer type; a UINT64 above Long.MAX_VALUE is refused. */
    public long getLong(String key) {
        GgufValue v = get(key);
        if (!v.type().isInteger()) {
            throw wrongType(key, v, "an integer");
        }
        long l = (Long) v.value();
        if (v.type() == GgufValueType.UINT64 && l < 0) {
            throw new GgufFormatException(source + ": metadata key '" + key + "' = "
                    + Long.toUnsignedString(l) + " is too large");
        }
        return l;
    }

    /** Any integer type whose value fits in an int. */
    public int getInt(String key) {
        long l = getLong(key);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new GgufFormatException(source + ": metadata key '" + key + "' = " + l + " does not fit in an int");
        }
        return (int) l;
    }

    public int getInt(String key, int defaultValue) {
        return contains(key) ? getInt(key) : defaultValue;
    }

    /** FLOAT32 or FLOAT64 (narrowed). */
    public float getFloat(String key) {
        GgufValue v = get(key);
        return switch (v.type()) {
            case FLOAT32 -> (Float) v.value();
            case FLOAT64 -> (float) (double) (Double) v.value();
            default -> throw wrongType(key, v, "a FLOAT32 or FLOAT64");
        };
    }

    public float getFloat(String key, float defaultValue) {
        return contains(key) ? getFloat(key) : defaultValue;
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key, GgufValueType.BOOL, "a BOOL").value();
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return contains(key) ? getBoolean(key) : defaultValue;
    }

    public GgufArray getArray(String key) {
        return (GgufArray) require(key, GgufValueType.ARRAY, "an ARRAY").value();
    }

    /** An array whose elements are of {@code elementType}. */
    public GgufArray getArray(String key, GgufValueType elementType) {
        GgufArray a = getArray(key);
        if (a.elementType() != elementType) {
            throw new GgufFormatException(source + ": metadata key '" + key + "' is an ARRAY of "
                    + a.elementType() + ", expected an ARRAY of " + elementType);
        }
        return a;
    }

    /**
     * An array of any integer type as ints: fails, naming the source and key, when it is not an integer
     * array or an element does not fit in an int.
     */
    public int[] getInts(String key) {
        GgufArray a = getArray(key);
        if (!a.elementType().isInteger()) {
            throw new GgufFormatException(source + ": metadata key '" + key + "' is an ARRAY of " + a.elementType()
                    + ", expected an ARRAY of integers");
        }
        try {
            return a.ints();
        } catch (GgufFormatException e) {
            throw new GgufFormatException(source + ": metadata key '" + key + "': " + e.getMessage(), e);
        }
    }

    private GgufValue require(String key, GgufValueType type, String expected) {
        GgufValue v = get(key);
        if (v.type() != type) {
            throw wrongType(key, v, expected);
        }
        return v;
    }

    private GgufFormatException wrongType(String key, GgufValue v, String expected) {
        String actual = v.type() == GgufValueType.ARRAY
                ? "an ARRAY of " + ((GgufArray) v.value()).elementType()
                : "a " + v.type();
        return new GgufFormatException(source + ": metadata key '" + key + "' is " + actual + ", expected " + expected);
    }
}
