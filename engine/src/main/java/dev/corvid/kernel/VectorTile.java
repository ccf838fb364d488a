package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/** {@link RowTile}'s vector form: a 4-row x 4-token register tile, single dot products for the edges. */
final class VectorTile {
    private static final int TILE = 4;

    private VectorTile() {
    }

    static void multiply(float[] rows, int nRows, int n, float[] x, int xStride, int xColumn, int fromToken,
                         int toToken, float[] out, int outStride, int outColumn, boolean accumulate) {
        int t = fromToken;
        if (nRows == TILE) {
            for (; t + TILE <= toToken; t += TILE) {
                fourByFour(rows, n, x, t * xStride + xColumn, xStride, out, t * outStride + outColumn, outStride,
                        accumulate);
            }
        }
        for (; t < toToken; t++) {
            for (int r = 0; r < nRows; r++) {
                float sum = Vectors.dot(rows, r * n, x, t * xStride + xColumn, n);
                int o = t * outStride + outColumn + r;
                out[o] = accumulate ? out[o] + sum : sum;
            }
        }
    }

    /** Rows 0..3 times the four tokens at {@code x[x0]}, {@code x[x0 + xStride]}, ... */
    private static void fourByFour(float[] w, int n, float[] x, int x0, int xStride, float[] out, int o0,
                                   int outStride, boolean accumulate) {
        int vectorized = FLOATS.loopBound(n);
        FloatVector a00 = FloatVector.zero(FLOATS), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int i = 0; i < vectorized; i += LANES) {
            FloatVector w0 = Vectors.floats(w, i);
            FloatVector w1 = Vectors.floats(w, n + i);
            FloatVector w2 = Vectors.floats(w, 2 * n + i);
            FloatVector w3 = Vectors.floats(w, 3 * n + i);
            FloatVector t0 = Vectors.floats(x, x0 + i);
            a00 = w0.fma(t0, a00);
            a01 = w1.fma(t0, a01);
            a02 = w2.fma(t0, a02);
            a03 = w3.fma(t0, a03);
            FloatVector t1 = Vectors.floats(x, x0 + xStride + i);
            a10 = w0.fma(t1, a10);
            a11 = w1.fma(t1, a11);
            a12 = w2.fma(t1, a12);
            a13 = w3.fma(t1, a13);
            FloatVector t2 = Vectors.floats(x, x0 + 2 * xStride + i);
            a20 = w0.fma(t2, a20);
            a21 = w1.fma(t2, a21);
            a22 = w2.fma(t2, a22);
            a23 = w3.fma(t2, a23);
            FloatVector t3 = Vectors.floats(x, x0 + 3 * xStride + i);
            a30 = w0.fma(t3, a30);
            a31 = w1.fma(t3, a31);
            a32 = w2.fma(t3, a32);
            a33 = w3.fma(t3, a33);
        }
        // The sums are finished by scalar code from the lanes: a method taking the 16 vectors would
        // box them whenever the JIT does not inline it, and reduceLanes adds in an unspecified order.
        float[] lanes = LANES_SCRATCH.get();
        a00.intoArray(lanes, 0);
        a01.intoArray(lanes, LANES);
        a02.intoArray(lanes, 2 * LANES);
        a03.intoArray(lanes, 3 * LANES);
        a10.intoArray(lanes, 4 * LANES);
        a11.intoArray(lanes, 5 * LANES);
        a12.intoArray(lanes, 6 * LANES);
        a13.intoArray(lanes, 7 * LANES);
        a20.intoArray(lanes, 8 * LANES);
        a21.intoArray(lanes, 9 * LANES);
        a22.intoArray(lanes, 10 * LANES);
        a23.intoArray(lanes, 11 * LANES);
        a30.intoArray(lanes, 12 * LANES);
        a31.intoArray(lanes, 13 * LANES);
        a32.intoArray(lanes, 14 * LANES);
        a33.intoArray(lanes, 15 * LANES);
        for (int token = 0; token < TILE; token++) {
            int xAt = x0 + token * xStride;
            int o = o0 + token * outStride;
            for (int row = 0; row < TILE; row++) {
                float s = Vectors.sumLanes(lanes, (token * TILE + row) * LANES) + tail(w, row * n, n, vectorized, x, xAt);
                out[o + row] = accumulate ? out[o + row] + s : s;
            }
        }
    }

    private static final ThreadLocal<float[]> LANES_SCRATCH = ThreadLocal.withInitial(() -> new float[TILE * TILE * LANES]);

    private static float tail(float[] w, int row, int n, int vectorized, float[] x, int xAt) {
        float sum = 0f;
        for (int i = vectorized; i < n; i++) {
            sum += w[row + i] * x[xAt + i];
        }
        return sum;
    }
}
