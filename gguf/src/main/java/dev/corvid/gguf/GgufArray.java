package dev.corvid.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A metadata array: one element type and its values in a primitive Java array. Integer elements
 * of every width are a {@code long[]}, FLOAT32 a {@code float[]}, FLOAT64 a {@code double[]}, BOOL a
 * {@code boolean[]}, STRING a {@code String[]}, nested arrays a {@code GgufArray[]}.
 * Accessors return copies: a parsed file's metadata cannot be changed through them.
 */
public final class GgufArray {
    private final GgufValueType elementType;
    private final Object values;

    private GgufArray(GgufValueType elementType, Object values) {
        this.elementType = Objects.requireNonNull(elementType);
        this.values = Objects.requireNonNull(values);
    }

    /** Integers of {@code elementType} (any GGUF integer type); each value must fit that type. */
    public static GgufArray ofIntegers(GgufValueType elementType, long[] values) {
        if (!elementType.isInteger()) {
            throw new IllegalArgumentException(elementType + " is not an integer type");
        }
        for (long v : values) {
            GgufValue.checkIntegerRange(elementType, v);
        }
        return new GgufArray(elementType, values.clone());
    }

    public static GgufArray ofInt32(int[] values) {
        return new GgufArray(GgufValueType.INT32, Arrays.stream(values).asLongStream().toArray());
    }

    public static GgufArray ofFloat32(float[] values) {
        return new GgufArray(GgufValueType.FLOAT32, values.clone());
    }

    public static GgufArray ofFloat64(double[] values) {
        return new GgufArray(GgufValueType.FLOAT64, values.clone());
    }

    public static GgufArray ofBool(boolean[] values) {
        return new GgufArray(GgufValueType.BOOL, values.clone());
    }

    public static GgufArray ofStrings(String[] values) {
        for (String s : values) {
            Objects.requireNonNull(s, "null string in array");
        }
        return new GgufArray(GgufValueType.STRING, values.clone());
    }

    public static GgufArray ofArrays(GgufArray[] values) {
        for (GgufArray a : values) {
            Objects.requireNonNull(a, "null array in array");
        }
        return new GgufArray(GgufValueType.ARRAY, values.clone());
    }

    /** Wraps an array the reader built; not copied. */
    static GgufArray wrap(GgufValueType elementType, Object values) {
        return new GgufArray(elementType, values);
    }

    public GgufValueType elementType() {
        return elementType;
    }

    public int length() {
        return java.lang.reflect.Array.getLength(values);
    }

    public long[] longs() {
        return ((long[]) require(long[].class)).clone();
    }

    /** Integer elements as ints; fails when one does not fit. */
    public int[] ints() {
        long[] v = (long[]) require(long[].class);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) {
                throw new GgufFormatException("array element " + i + " = " + v[i] + " does not fit in a 32-bit int");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    public float[] floats() {
        return ((float[]) require(float[].class)).clone();
    }

    public double[] doubles() {
        return ((double[]) require(double[].class)).clone();
    }

    public boolean[] booleans() {
        return ((boolean[]) require(boolean[].class)).clone();
    }

    public String[] strings() {
        return ((String[]) require(String[].class)).clone();
    }

    public GgufArray[] arrays() {
        return ((GgufArray[]) require(GgufArray[].class)).clone();
    }

    /** The backing array itself, for the writer. */
    Object raw() {
        return values;
    }

    private Object require(Class<?> arrayClass) {
        if (!arrayClass.isInstance(values)) {
            throw new GgufFormatException("array of " + elementType + " read as "
                    + arrayClass.getComponentType().getSimpleName() + " elements");
        }
        return values;
    }

    public String describe(int maxItems) {
        int n = length();
        if (n > maxItems) {
            return "[" + elementType + " x " + n + "]";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object e = java.lang.reflect.Array.get(values, i);
            sb.append(switch (e) {
                case String s -> '"' + s + '"';
                case GgufArray a -> a.describe(maxItems);
                case Long l when elementType == GgufValueType.UINT64 -> Long.toUnsignedString(l);
                default -> String.valueOf(e);
            });
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufArray a && a.elementType == elementType
                && Arrays.deepEquals(new Object[] {values}, new Object[] {a.values});
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + Arrays.deepHashCode(new Object[] {values});
    }

    @Override
    public String toString() {
        return describe(16);
    }
}
