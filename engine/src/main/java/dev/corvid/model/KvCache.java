package dev.corvid.model;

/**
 * The float32 keys and values of every layer for positions {@code 0 .. capacity - 1}: one row of
 * {@code kvDim} floats per position, keys already rotated by RoPE.
 */
final class KvCache {
    private final float[][] keys;
    private final float[][] values;
    private final int capacity;
    private final int kvDim;

    KvCache(int layers, int capacity, int kvDim) {
        this.keys = new float[layers][Math.multiplyExact(capacity, kvDim)];
        this.values = new float[layers][Math.multiplyExact(capacity, kvDim)];
        this.capacity = capacity;
        this.kvDim = kvDim;
    }

    int capacity() {
        return capacity;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Stores {@code nTokens} rows of keys and values at positions {@code start ..}. */
    void store(int layer, int start, float[] k, float[] v, int nTokens) {
        System.arraycopy(k, 0, keys[layer], start * kvDim, nTokens * kvDim);
        System.arraycopy(v, 0, values[layer], start * kvDim, nTokens * kvDim);
    }
}
