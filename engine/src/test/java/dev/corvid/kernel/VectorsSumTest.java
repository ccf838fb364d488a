package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lane sum is one fixed order of additions, interpreted or compiled: enough iterations for the JIT
 * to compile {@link Vectors#sum}, each compared bit for bit with the same tree added by scalar code.
 */
class VectorsSumTest {

    @Test
    void theLaneSumIsTheSameTreeEveryTime() {
        SplittableRandom random = new SplittableRandom(5);
        float[] lanes = new float[Vectors.LANES];
        for (int round = 0; round < 200_000; round++) {
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(6)));
            }
            float expected = scalarTree(lanes);
            float actual = Vectors.sum(FloatVector.fromArray(Vectors.FLOATS, lanes, 0));
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), "round " + round);
            float fromStoredLanes = Vectors.sumLanes(lanes.clone(), 0);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(fromStoredLanes), "lanes, round " + round);
        }
    }

    private static float scalarTree(float[] lanes) {
        float[] w = lanes.clone();
        for (int half = w.length / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) {
                w[i] = w[i] + w[i + half];
            }
        }
        return w[0];
    }
}
