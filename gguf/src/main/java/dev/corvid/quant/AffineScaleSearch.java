package dev.corvid.quant;

import java.util.Arrays;

/**
 * Fits {@code x ≈ scale * q - offset} with integer levels q in 0..nmax over one sub-block, for the
 * K-quants that subtract a minimum (Q2_K, Q4_K, Q5_K): ggml's {@code make_qkx2_quants}.
 *
 * <p>A plain min/max mapping wastes levels on outliers, so the search also tries {@code nstep + 1}
 * slightly stretched or shrunk level grids; for each it solves the weighted least-squares scale and
 * minimum for the levels that grid picks, and keeps the grid with the smallest weighted error (squared,
 * or absolute for Q2_K). The minimum is never allowed above zero, so the offset is never negative.
 *
 * <pre>{@code
 * AffineScaleSearch search = new AffineScaleSearch(15, -1f, 0.1f, 20, false); // Q4_K's settings
 * float scale = search.fit(x, 0, 32, weights, levels, 0);
 * float offset = search.offset();
 * }</pre>
 *
 * Every sum runs in the order ggml's does, in float, so the chosen levels match ggml's bit for bit.
 * An instance keeps scratch space and the last offset: one per thread.
 */
final class AffineScaleSearch {
    private final int nmax;
    private final float firstStretch;
    private final float stretchStep;
    private final int steps;
    private final boolean absoluteError;
    private byte[] trial = new byte[0];
    private float offset;

    /**
     * @param nmax          the top level
     * @param firstStretch  how far the first trial grid's top ({@code nmax + firstStretch}) is from nmax
     * @param stretchStep   the grid top's increase per trial
     * @param steps         trials after the first: {@code steps + 1} in all
     * @param absoluteError minimise the weighted absolute error instead of the squared one
     */
    AffineScaleSearch(int nmax, float firstStretch, float stretchStep, int steps, boolean absoluteError) {
        this.nmax = nmax;
        this.firstStretch = firstStretch;
        this.stretchStep = stretchStep;
        this.steps = steps;
        this.absoluteError = absoluteError;
    }

    /**
     * Fits {@code x[from .. from + n)} with per-value weights {@code w[0 .. n)}; writes the levels to
     * {@code levels[levelsFrom ..]} and returns the scale. {@link #offset()} then holds the offset.
     */
    float fit(float[] x, int from, int n, float[] w, byte[] levels, int levelsFrom) {
        if (trial.length < n) {
            trial = new byte[n];
        }
        float min = x[from];
        float max = x[from];
        float sumW = w[0];
        float sumX = sumW * x[from];
        for (int i = 1; i < n; i++) {
            float v = x[from + i];
            min = v < min ? v : min;
            max = v > max ? v : max;
            sumW += w[i];
            sumX += w[i] * v;
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            Arrays.fill(levels, levelsFrom, levelsFrom + n, (byte) 0);
            offset = -min;
            return 0;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = clamp(Rounding.nearestInt(iscale * (x[from + i] - min)));
            levels[levelsFrom + i] = (byte) l;
            bestError += w[i] * error(scale * l + min - x[from + i]);
        }
        for (int step = 0; step <= steps; step++) {
            iscale = (firstStretch + stretchStep * step + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; i++) {
                int l = clamp(Rounding.nearestInt(iscale * (x[from + i] - min)));
                trial[i] = (byte) l;
                sumL += w[i] * l;
                sumL2 += w[i] * l * l;
                sumXL += w[i] * l * x[from + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float trialScale = (sumW * sumXL - sumX * sumL) / det;
                float trialMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (trialMin > 0) {
                    trialMin = 0;
                    trialScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    error += w[i] * error(trialScale * trial[i] + trialMin - x[from + i]);
                }
                if (error < bestError) {
                    System.arraycopy(trial, 0, levels, levelsFrom, n);
                    bestError = error;
                    scale = trialScale;
                    min = trialMin;
                }
            }
        }
        offset = -min;
        return scale;
    }

    /** What the last {@link #fit} subtracts after scaling: minus its minimum, never negative. */
    float offset() {
        return offset;
    }

    private int clamp(int l) {
        return Math.max(0, Math.min(nmax, l));
    }

    private float error(float diff) {
        return absoluteError ? Math.abs(diff) : diff * diff;
    }
}
