package dev.corvid.sample;

/**
 * The tokens still in the running while one token is sampled (llama.cpp's {@code llama_token_data_array}):
 * ids and logits in their current order, which is token order until something sorts them, then by
 * descending logit with the lower id first on ties. Buffers are sized to the vocabulary once and reused.
 */
final class Candidates {
    final int[] ids;
    final float[] logits;
    /** Sort keys: ascending key = descending logit, then ascending id. */
    private final long[] keys;
    int size;
    boolean sorted;

    Candidates(int capacity) {
        ids = new int[capacity];
        logits = new float[capacity];
        keys = new long[capacity];
    }

    void load(float[] source, int offset, int n) {
        if (n > ids.length) {
            throw new IllegalArgumentException("vocabulary of " + n + " tokens, sampler was made for " + ids.length);
        }
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            logits[i] = source[offset + i];
        }
        size = n;
        sorted = false;
    }

    /** The largest logit, found as llama.cpp finds it (the first one when sorted). */
    float maxLogit() {
        float max = logits[0];
        if (!sorted) {
            for (int i = 1; i < size; i++) {
                max = Math.max(max, logits[i]);
            }
        }
        return max;
    }

    /** Keeps the {@code k} highest logits, sorted; an allocation-free heap selection and heap sort. */
    void keepTopSorted(int k) {
        for (int i = 0; i < size; i++) {
            keys[i] = key(logits[i], ids[i]);
        }
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDown(i, k);
        }
        for (int i = k; i < size; i++) {
            if (keys[i] < keys[0]) {
                keys[0] = keys[i];
                siftDown(0, k);
            }
        }
        for (int end = k - 1; end > 0; end--) {
            long top = keys[0];
            keys[0] = keys[end];
            keys[end] = top;
            siftDown(0, end);
        }
        for (int i = 0; i < k; i++) {
            ids[i] = (int) keys[i];
            logits[i] = logitOf(keys[i]);
        }
        size = k;
        sorted = true;
    }

    /** Max-heap over keys[0, n). */
    private void siftDown(int i, int n) {
        long value = keys[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && keys[child + 1] > keys[child]) {
                child++;
            }
            if (keys[child] <= value) {
                break;
            }
            keys[i] = keys[child];
            i = child;
        }
        keys[i] = value;
    }

    private static long key(float logit, int id) {
        int bits = Float.floatToRawIntBits(logit + 0.0f); // -0 sorts as +0, as llama.cpp's comparison does
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff); // float order as signed int order
        return ((long) ~ordered << 32) | (id & 0xffffffffL);
    }

    private static float logitOf(long key) {
        int ordered = ~(int) (key >> 32);
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
    }
}
