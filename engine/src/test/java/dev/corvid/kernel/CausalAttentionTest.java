package dev.corvid.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vector attention, with its blocked key layout, against the scalar one with rows: grouped query heads,
 * a head width that is no multiple of the lanes, prompts that end inside a key block, and a cache filled in
 * several calls.
 */
class CausalAttentionTest {
    @Test
    void vectorAttentionEqualsTheScalarReferenceUpToRounding() {
        int nHeads = 6;
        int nKvHeads = 2;
        int headDim = 40;
        int kvRow = nKvHeads * headDim;
        float scale = 1f / (float) Math.sqrt(headDim);
        CausalAttention scalar = new CausalAttention(nHeads, nKvHeads, headDim, scale, false);
        CausalAttention vector = new CausalAttention(nHeads, nKvHeads, headDim, scale, true);
        int positions = 37;
        Random random = new Random(5);
        float[] q = gaussian(random, positions * nHeads * headDim);
        float[] k = gaussian(random, positions * kvRow);
        float[] v = gaussian(random, positions * kvRow);
        float[] scalarKeys = new float[(int) scalar.keyFloats(positions)];
        float[] vectorKeys = new float[(int) vector.keyFloats(positions)];
        CausalAttention.Pass scalarPass = scalar.newPass(WorkerPool.shared());
        CausalAttention.Pass vectorPass = vector.newPass(WorkerPool.shared());
        int[] pieces = {1, 4, 13, 19};
        for (int start = 0, i = 0; start < positions; start += pieces[i++]) {
            int n = pieces[i];
            float[] kPiece = slice(k, start * kvRow, n * kvRow);
            scalar.storeKeys(scalarKeys, start, kPiece, n);
            vector.storeKeys(vectorKeys, start, kPiece, n);
            float[] qPiece = slice(q, start * nHeads * headDim, n * nHeads * headDim);
            float[] expected = new float[n * nHeads * headDim];
            float[] actual = new float[n * nHeads * headDim];
            scalarPass.apply(qPiece, scalarKeys, v, start, n, expected);
            vectorPass.apply(qPiece, vectorKeys, v, start, n, actual);
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], actual[j], 1e-5f, "tokens from " + start + ", value " + j);
            }
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static float[] slice(float[] a, int from, int n) {
        float[] s = new float[n];
        System.arraycopy(a, from, s, 0, n);
        return s;
    }
}
