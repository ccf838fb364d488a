package dev.corvid.model;

import dev.corvid.kernel.CausalAttention;

import java.util.Arrays;

/**
 * The float32 keys and values of every layer for positions {@code 0 .. capacity - 1}, keys already rotated by
 * RoPE: values one row of {@code kvDim} floats per position, keys in the layout of the attention that reads them
 * ({@link CausalAttention#storeKeys}).
 *
 * <p>Storage grows with use, doubling up to the capacity, rather than being allocated whole: a
 * 4096-position cache of a 24-layer model is 100 MB that a short prompt never touches, and zeroing
 * it up front costs a third of a second of start-up.
 */
final class KvCache {
    /** Positions allocated at the first store: enough for a typical prompt without regrowing. */
    private static final int INITIAL_POSITIONS = 256;

    private final float[][] keys;
    private final float[][] values;
    private final int capacity;
    private final int kvDim;
    private final CausalAttention attention;

    KvCache(int layers, int capacity, int kvDim, CausalAttention attention) {
        this.keys = new float[layers][0];
        this.values = new float[layers][0];
        this.capacity = capacity;
        this.kvDim = kvDim;
        this.attention = attention;
    }

    int capacity() {
        return capacity;
    }

    /** Layer {@code layer}'s keys: at least every stored position, possibly more (stale or zero past them). */
    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Stores {@code nTokens} rows of keys and values at positions {@code start ..}. */
    void store(int layer, int start, float[] k, float[] v, int nTokens) {
        int end = start + nTokens;
        int allocated = values[layer].length / kvDim;
        if (end > allocated) {
            int positions = Math.min(capacity, Math.max(end, Math.max(INITIAL_POSITIONS, 2 * allocated)));
            keys[layer] = Arrays.copyOf(keys[layer], Math.toIntExact(attention.keyFloats(positions)));
            values[layer] = Arrays.copyOf(values[layer], positions * kvDim);
        }
        attention.storeKeys(keys[layer], start, k, nTokens);
        System.arraycopy(v, 0, values[layer], start * kvDim, nTokens * kvDim);
    }
}
