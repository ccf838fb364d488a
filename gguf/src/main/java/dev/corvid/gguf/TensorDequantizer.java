package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.function.Consumer;

/**
 * Expands a tensor of any supported type to float32, bit-identical to ggml's {@code to_float}: as a
 * whole {@code float[]}, one row at a time, or as a stream of little-endian float32 bytes (the form
 * llama.cpp's dequant hashes are taken over). A row is {@code shape[0]} consecutive values.
 *
 * <pre>{@code
 * try (GgufFile gguf = GgufFile.open(path)) {
 *     GgufTensor w = gguf.tensor("output.weight");
 *     float[] all = TensorDequantizer.toFloats(w);
 *     float[] row7 = TensorDequantizer.row(w, 7);
 *     MessageDigest sha = MessageDigest.getInstance("SHA-256");
 *     TensorDequantizer.digest(w, sha);
 * }
 * }</pre>
 */
public final class TensorDequantizer {
    /** Values expanded per step when streaming: large enough to amortize calls, small enough to stay in cache. */
    private static final int STREAM_CHUNK_VALUES = 1 << 16;

    private TensorDequantizer() {
    }

    /**
     * Number of rows: every dimension but the first multiplied together; 0 for a tensor without values
     * (some dimension 0), which has nothing to expand.
     */
    public static long rowCount(GgufTensor t) {
        long n = t.elementCount();
        return n == 0 ? 0 : n / t.dim(0);
    }

    /** The whole tensor as floats, rows one after another. */
    public static float[] toFloats(GgufTensor t) {
        long n = t.elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(t.name() + ": " + n + " values do not fit in a float[]");
        }
        float[] out = new float[(int) n];
        if (n > 0) {
            decodeRows(t, 0, rowCount(t), out, 0);
        }
        return out;
    }

    /** Row {@code row} as a new array of {@code shape[0]} floats. */
    public static float[] row(GgufTensor t, long row) {
        float[] out = new float[Math.toIntExact(t.dim(0))];
        row(t, row, out, 0);
        return out;
    }

    /** Writes row {@code row} into {@code dst[dstOffset .. dstOffset + shape[0])}. */
    public static void row(GgufTensor t, long row, float[] dst, int dstOffset) {
        if (row < 0 || row >= rowCount(t)) {
            throw new IndexOutOfBoundsException(t.name() + ": row " + row + " of " + rowCount(t));
        }
        decodeRows(t, row, 1, dst, dstOffset);
    }

    /**
     * Feeds the tensor's values, as little-endian float32 bytes in row order, to {@code sink} a chunk at
     * a time. Each buffer is only valid during the call: it is reused for the next chunk.
     */
    public static void streamLittleEndian(GgufTensor t, Consumer<ByteBuffer> sink) {
        int rowLength = Math.toIntExact(t.dim(0));
        long rows = rowCount(t);
        if (rows == 0) {
            return;
        }
        int rowsPerChunk = (int) Math.min(rows, Math.max(1, STREAM_CHUNK_VALUES / rowLength));
        float[] values = new float[rowsPerChunk * rowLength];
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long first = 0; first < rows; first += rowsPerChunk) {
            int count = (int) Math.min(rowsPerChunk, rows - first);
            decodeRows(t, first, count, values, 0);
            bytes.clear();
            bytes.asFloatBuffer().put(values, 0, count * rowLength);
            bytes.limit(count * rowLength * Float.BYTES);
            sink.accept(bytes);
        }
    }

    /** Updates {@code digest} with the tensor's little-endian float32 bytes, as llama.cpp's dequant hashes. */
    public static void digest(GgufTensor t, MessageDigest digest) {
        streamLittleEndian(t, digest::update);
    }

    /** Rows of a tensor are whole blocks laid end to end, so any run of rows is one contiguous decode. */
    private static void decodeRows(GgufTensor t, long firstRow, long rows, float[] dst, int dstOffset) {
        GgmlType type = t.type();
        long rowLength = t.dim(0);
        long rowBytes = type.byteSize(rowLength);
        if (rowBytes < 0) {
            throw new IllegalArgumentException(t.name() + ": row length " + rowLength
                    + " is not a whole number of " + type + " blocks");
        }
        type.dequantize(t.data(), firstRow * rowBytes, dst, dstOffset, Math.toIntExact(rows * rowLength));
    }
}
