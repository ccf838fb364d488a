package dev.corvid.bench;

import java.util.Random;

/** Seeded activations for the benchmarks. */
final class Inputs {
    private Inputs() {
    }

    static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
