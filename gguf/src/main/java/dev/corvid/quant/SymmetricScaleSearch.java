package dev.corvid.quant;

import java.util.Arrays;

/**
 * Fits {@code x ≈ scale * l} with signed integer levels l in {@code -nmax .. nmax - 1} over one
 * sub-block, weighting each value by its square, for Q6_K: ggml's {@code make_qx_quants} in the mode
 * llama.cpp uses without an importance matrix.
 *
 * <p>The first grid maps the value of largest magnitude to {@code -nmax}; 18 more grids with that value
 * at {@code -(nmax ± 0.1 k)}, k = 1..9, are tried, each scored by its optimal least-squares scale
 * ({@code sumlx² / suml2}), and the best one's levels and scale kept. Levels are stored offset by nmax
 * (0 .. 2 nmax - 1); an all-zero sub-block gets levels 0 and scale 0.
 *
 * <pre>{@code
 * float scale = SymmetricScaleSearch.fit(x, 16 * j, 16, 32, levels, 16 * j); // a Q6_K sub-block
 * }</pre>
 */
final class SymmetricScaleSearch {
    /** Sub-blocks whose largest magnitude is below this are treated as all zeros (ggml's GROUP_MAX_EPS). */
    static final float ZERO_GROUP = 1e-15f;

    private SymmetricScaleSearch() {
    }

    static float fit(float[] x, int from, int n, int nmax, byte[] levels, int levelsFrom) {
        float max = SignedExtreme.of(x, from, n);
        if (Math.abs(max) < ZERO_GROUP) {
            Arrays.fill(levels, levelsFrom, levelsFrom + n, (byte) 0);
            return 0;
        }
        float iscale = -nmax / max;
        float sumLX = 0;
        float sumL2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[from + i];
            int l = level(iscale, v, nmax);
            levels[levelsFrom + i] = (byte) (l + nmax);
            float w = v * v;
            sumLX += w * v * l;
            sumL2 += w * l * l;
        }
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0;
        float best = scale * sumLX;
        for (int k = -9; k <= 9; k++) {
            if (k == 0) {
                continue;
            }
            iscale = -(nmax + 0.1f * k) / max;
            sumLX = 0;
            sumL2 = 0;
            for (int i = 0; i < n; i++) {
                float v = x[from + i];
                int l = level(iscale, v, nmax);
                float w = v * v;
                sumLX += w * v * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; i++) {
                    levels[levelsFrom + i] = (byte) (level(iscale, x[from + i], nmax) + nmax);
                }
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }

    private static int level(float iscale, float v, int nmax) {
        return Math.max(-nmax, Math.min(nmax - 1, Rounding.nearestInt(iscale * v)));
    }
}
