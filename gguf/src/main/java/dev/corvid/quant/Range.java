package dev.corvid.quant;

/** The smallest and largest value of a run, for the quantizers that offset by a minimum. */
record Range(float min, float max) {
    static Range of(float[] x, int from, int n) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = from; i < from + n; i++) {
            min = x[i] < min ? x[i] : min;
            max = x[i] > max ? x[i] : max;
        }
        return new Range(min, max);
    }
}
