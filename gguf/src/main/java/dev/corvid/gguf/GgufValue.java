package dev.corvid.gguf;

import java.util.Objects;

/**
 * One metadata value with its GGUF type. Integers of every width are held as a {@code Long}
 * (unsigned ones zero-extended; UINT64 as its raw 64 bits), FLOAT32 as {@code Float}, FLOAT64 as
 * {@code Double}, BOOL as {@code Boolean}, STRING as {@code String}, ARRAY as {@link GgufArray}.
 */
public record GgufValue(GgufValueType type, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> expected = javaClassOf(type);
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException(type + " value must be a " + expected.getSimpleName()
                    + ", got " + value.getClass().getSimpleName());
        }
        if (type.isInteger()) {
            checkIntegerRange(type, (Long) value);
        }
    }

    static Class<?> javaClassOf(GgufValueType type) {
        return switch (type) {
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> GgufArray.class;
            default -> Long.class;
        };
    }

    static void checkIntegerRange(GgufValueType type, long v) {
        boolean ok = switch (type) {
            case UINT8 -> v >= 0 && v <= 0xFF;
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case UINT16 -> v >= 0 && v <= 0xFFFF;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case UINT32 -> v >= 0 && v <= 0xFFFF_FFFFL;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            default -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException(v + " does not fit in " + type);
        }
    }

    public static GgufValue ofString(String s) {
        return new GgufValue(GgufValueType.STRING, s);
    }

    public static GgufValue ofUInt32(long v) {
        return new GgufValue(GgufValueType.UINT32, v);
    }

    public static GgufValue ofInt32(int v) {
        return new GgufValue(GgufValueType.INT32, (long) v);
    }

    public static GgufValue ofFloat32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, v);
    }

    public static GgufValue ofBool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, v);
    }

    public static GgufValue ofArray(GgufArray a) {
        return new GgufValue(GgufValueType.ARRAY, a);
    }

    /** A short human-readable form: long arrays are summarised by type and length. */
    public String describe(int maxArrayItems) {
        return switch (type) {
            case STRING -> '"' + (String) value + '"';
            case ARRAY -> ((GgufArray) value).describe(maxArrayItems);
            case UINT64 -> Long.toUnsignedString((Long) value);
            default -> String.valueOf(value);
        };
    }
}
