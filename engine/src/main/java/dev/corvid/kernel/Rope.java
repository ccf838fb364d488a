package dev.corvid.kernel;

/**
 * Rotary position embedding, with ggml's rounding: the angle of pair {@code i} is built by repeated
 * float multiplication {@code theta_i = position * scale^i} with {@code scale = powf(base, -2 / dims)}
 * (not by one {@code pow} per pair), then divided by the pair's frequency factor (Llama 3) and
 * multiplied by the linear-scaling factor; cos and sin are taken of that float.
 *
 * <pre>{@code
 * Rope rope = new Rope(RopeStyle.NEOX, 64, 1e6f, 1f, null);
 * float[] cosSin = new float[64];
 * rope.angles(position, cosSin);
 * rope.rotate(q, tokenOffset, nHeads, 64, cosSin);   // every head of one token
 * }</pre>
 */
public final class Rope {
    private final RopeStyle style;
    private final int dims;
    private final float thetaScale;
    private final float freqScale;
    private final float[] freqFactors;

    /**
     * @param dims        dimensions rotated at the start of each head (even)
     * @param freqBase    base of the geometric progression of frequencies
     * @param freqScale   1 / linear scaling factor (1 when unscaled)
     * @param freqFactors {@code dims / 2} divisors of the pair angles, or null
     */
    public Rope(RopeStyle style, int dims, float freqBase, float freqScale, float[] freqFactors) {
        if (dims <= 0 || dims % 2 != 0) {
            throw new IllegalArgumentException("rotary dimensions must be even and positive: " + dims);
        }
        if (freqFactors != null && freqFactors.length != dims / 2) {
            throw new IllegalArgumentException(freqFactors.length + " frequency factors for " + dims + " dimensions");
        }
        this.style = style;
        this.dims = dims;
        this.thetaScale = (float) Math.pow(freqBase, -2.0f / dims);
        this.freqScale = freqScale;
        this.freqFactors = freqFactors;
    }

    /** Fills {@code cosSin[2i], cosSin[2i + 1]} with the cos and sin of pair {@code i} at {@code position}. */
    public void angles(int position, float[] cosSin) {
        float theta = position;
        for (int pair = 0; pair < dims / 2; pair++) {
            float factor = freqFactors == null ? 1.0f : freqFactors[pair];
            float angle = freqScale * (theta / factor);
            cosSin[2 * pair] = (float) Math.cos(angle);
            cosSin[2 * pair + 1] = (float) Math.sin(angle);
            theta *= thetaScale;
        }
    }

    /**
     * Rotates the first {@code dims} dimensions of each of {@code nHeads} heads of {@code headDim}
     * floats stored from {@code x[offset]}, by the angles of {@link #angles}.
     */
    public void rotate(float[] x, int offset, int nHeads, int headDim, float[] cosSin) {
        int distance = style.partnerDistance(dims);
        for (int h = 0; h < nHeads; h++) {
            int head = offset + h * headDim;
            for (int pair = 0; pair < dims / 2; pair++) {
                int i = head + style.first(pair);
                float cos = cosSin[2 * pair];
                float sin = cosSin[2 * pair + 1];
                float x0 = x[i];
                float x1 = x[i + distance];
                x[i] = x0 * cos - x1 * sin;
                x[i + distance] = x0 * sin + x1 * cos;
            }
        }
    }
}
