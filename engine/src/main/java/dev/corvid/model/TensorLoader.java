package dev.corvid.model;

import dev.corvid.gguf.GgufFile;

import java.lang.foreign.Arena;
import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.kernel.F32Matrix;
import dev.corvid.kernel.Linear;
import dev.corvid.kernel.Repacker;
import dev.corvid.kernel.WeightMatrix;

/**
 * Turns the tensors of a GGUF file into weights, checking each shape. Matrices follow the
 * {@link Precision}; vectors (norms, biases) are always decoded to floats, as they are tiny.
 */
final class TensorLoader {
    private final GgufFile gguf;
    private final Precision precision;
    private final Arena arena;

    /** @param arena where fast mode's weights live (repacked copies, views of the file): closed with the model */
    TensorLoader(GgufFile gguf, Precision precision, Arena arena) {
        this.gguf = gguf;
        this.precision = precision;
        this.arena = arena;
    }

    /** The matrix {@code name} of {@code rows} rows of {@code cols} values (ggml shape {@code cols, rows}). */
    WeightMatrix matrix(String name, int rows, int cols) {
        GgufTensor t = tensor(name, cols, rows);
        return switch (precision) {
            case FAST -> Repacker.fastMatrix(t.type(), t.data(), rows, cols, arena);
            case PRECISE -> new F32Matrix(decode(t, (long) rows * cols), rows, cols);
        };
    }

    /** The projection {@code prefix.weight}, with {@code prefix.bias} when the file has it. */
    Linear linear(String prefix, int rows, int cols) {
        return new Linear(matrix(prefix + ".weight", rows, cols), optionalVector(prefix + ".bias", rows));
    }

    boolean has(String name) {
        return gguf.hasTensor(name);
    }

    float[] vector(String name, int length) {
        return decode(tensor(name, length), length);
    }

    /** The vector {@code name}, or null when the file has no such tensor. */
    float[] optionalVector(String name, int length) {
        return gguf.hasTensor(name) ? vector(name, length) : null;
    }

    private GgufTensor tensor(String name, long... shape) {
        if (!gguf.hasTensor(name)) {
            throw new GgufFormatException(gguf.path().getFileName() + ": tensor '" + name + "' is missing");
        }
        GgufTensor t = gguf.tensor(name);
        boolean same = t.rank() <= shape.length;
        for (int i = 0; i < shape.length && same; i++) {
            same = t.dim(i) == shape[i];
        }
        if (!same) {
            StringBuilder expected = new StringBuilder();
            for (long d : shape) {
                expected.append(expected.isEmpty() ? "" : ",").append(d);
            }
            throw new GgufFormatException(gguf.path().getFileName() + ": tensor '" + name + "' has shape ["
                    + t.shapeString() + "], expected [" + expected + "]");
        }
        return t;
    }

    private static float[] decode(GgufTensor t, long count) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new UnsupportedModelException("tensor '" + t.name() + "' has " + count
                    + " values, too many for one float array; use fast mode");
        }
        float[] values = new float[(int) count];
        t.type().dequantize(t.data(), 0, values, 0, values.length);
        return values;
    }
}
