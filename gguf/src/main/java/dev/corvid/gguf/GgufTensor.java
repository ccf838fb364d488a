package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One tensor of a GGUF file: its name, type, shape in ggml order ({@code shape[0]} is the row
 * length, the fastest-varying dimension), and its bytes as a zero-copy view of the mapped file.
 *
 * @param offset byte offset of the data relative to the start of the file's data section
 */
public record GgufTensor(String name, GgmlType type, long[] shape, long offset, long byteSize, MemorySegment data) {

    public GgufTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i} in ggml order; 1 past the rank. */
    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d; // checked against overflow when the file was read
        }
        return n;
    }

    /** Shape as ggml prints it, {@code ne0,ne1,...}. */
    public String shapeString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensor t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape)
                && t.offset == offset && t.byteSize == byteSize;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type + " [" + shapeString() + "] " + byteSize + " bytes";
    }
}
