package dev.corvid.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Fast mode's vector exponentials against the precise scalar forms, over sizes with and without a tail. */
class VectorActivationsTest {
    @Test
    void swiGluIsWithinAFewUlpsOfTheScalarForm() {
        Random random = new Random(1);
        for (int n : new int[] {1, 7, 16, 33, 4864}) {
            float[] gate = new float[n];
            float[] up = new float[n];
            for (int i = 0; i < n; i++) {
                gate[i] = (float) random.nextGaussian() * (i % 5 == 0 ? 40 : 4);
                up[i] = (float) random.nextGaussian();
            }
            float[] precise = gate.clone();
            float[] fast = gate.clone();
            SwiGlu.applyInPlace(precise, up, n, false);
            SwiGlu.applyInPlace(fast, up, n, true);
            for (int i = 0; i < n; i++) {
                assertEquals(precise[i], fast[i], 4 * Math.ulp(precise[i]) + 1e-30f, "n " + n + " i " + i + " gate " + gate[i]);
            }
        }
    }

    @Test
    void softmaxIsWithinAFewUlpsOfTheScalarFormAndSumsToOne() {
        Random random = new Random(2);
        for (int n : new int[] {1, 5, 16, 47, 512}) {
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian() * 6;
            }
            float[] precise = x.clone();
            float[] fast = x.clone();
            Softmax.applyInPlace(precise, 3, n);
            VectorActivations.softmaxInPlace(fast, 3, n);
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                if (i < 3) {
                    assertEquals(x[i], fast[i], "outside the range");
                    continue;
                }
                assertEquals(precise[i], fast[i], 1e-6f * precise[i] + 1e-30f, "n " + n + " i " + i);
                sum += fast[i];
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }
}
