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
        store(a00, a01, a02, a03, w, n, vectorized, x, x0, out, o0, accumulate);
        store(a10, a11, a12, a13, w, n, vectorized, x, x0 + xStride, out, o0 + outStride, accumulate);
        store(a20, a21, a22, a23, w, n, vectorized, x, x0 + 2 * xStride, out, o0 + 2 * outStride, accumulate);
        store(a30, a31, a32, a33, w, n, vectorized, x, x0 + 3 * xStride, out, o0 + 3 * outStride, accumulate);
    }

    /** One token's four sums, completed by the columns past the last whole vector. */
    private static void store(FloatVector r0, FloatVector r1, FloatVector r2, FloatVector r3, float[] w, int n,
                              int vectorized, float[] x, int xAt, float[] out, int o, boolean accumulate) {
        float s0 = Vectors.sum(r0) + tail(w, 0, n, vectorized, x, xAt);
        float s1 = Vectors.sum(r1) + tail(w, n, n, vectorized, x, xAt);
        float s2 = Vectors.sum(r2) + tail(w, 2 * n, n, vectorized, x, xAt);
        float s3 = Vectors.sum(r3) + tail(w, 3 * n, n, vectorized, x, xAt);
        if (accumulate) {
            out[o] += s0;
            out[o + 1] += s1;
            out[o + 2] += s2;
            out[o + 3] += s3;
        } else {
            out[o] = s0;
            out[o + 1] = s1;
            out[o + 2] = s2;
            out[o + 3] = s3;
        }
    }

    private static float tail(float[] w, int row, int n, int vectorized, float[] x, int xAt) {
        float sum = 0f;
        for (int i = vectorized; i < n; i++) {
            sum += w[row + i] * x[xAt + i];
        }
        return sum;
    }
}
