package dev.corvid.quant;

import java.util.Arrays;

/**
 * Fits {@code x ≈ scale * l} with signed levels l in {@code -nmax .. nmax - 1} over one sub-block, for
 * Q3_K: ggml's {@code make_q3_quants} with its refinement on. Starting from the grid that maps the value
 * of largest magnitude to {@code -nmax}, it moves one value at a time to the level that the least-squares
 * scale of all the others suggests, keeping a move only when it improves {@code sumlx² / suml2} (values
 * weighted by their square); at most five sweeps. Levels are stored offset by nmax; an all-zero
 * sub-block gets levels 0 and scale 0.
 */
final class RefinedScaleSearch {
    private static final int MAX_SWEEPS = 5;

    private RefinedScaleSearch() {
    }

    static float fit(float[] x, int from, int n, int nmax, byte[] levels, int levelsFrom) {
        float max = SignedExtreme.of(x, from, n);
        if (Math.abs(max) < SymmetricScaleSearch.ZERO_GROUP) {
            Arrays.fill(levels, levelsFrom, levelsFrom + n, (byte) 0);
            return 0;
        }
        float iscale = -nmax / max;
        int[] l = new int[n];
        float sumLX = 0;
        float sumL2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[from + i];
            l[i] = clamp(Rounding.nearestInt(iscale * v), nmax);
            float w = v * v;
            sumLX += w * v * l[i];
            sumL2 += w * l[i] * l[i];
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                float v = x[from + i];
                float w = v * v;
                float othersLX = sumLX - w * v * l[i];
                if (othersLX > 0) {
                    float othersL2 = sumL2 - w * l[i] * l[i];
                    int candidate = clamp(Rounding.nearestInt(v * othersL2 / othersLX), nmax);
                    if (candidate != l[i]) {
                        float newLX = othersLX + w * v * candidate;
                        float newL2 = othersL2 + w * candidate * candidate;
                        if (newL2 > 0 && newLX * newLX * sumL2 > sumLX * sumLX * newL2) {
                            l[i] = candidate;
                            sumLX = newLX;
                            sumL2 = newL2;
                            changed = true;
                        }
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            levels[levelsFrom + i] = (byte) (l[i] + nmax);
        }
        return sumL2 > 0 ? sumLX / sumL2 : 0;
    }

    private static int clamp(int l, int nmax) {
        return Math.max(-nmax, Math.min(nmax - 1, l));
    }
}
