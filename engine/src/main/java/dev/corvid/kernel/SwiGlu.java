package dev.corvid.kernel;

/** The gated activation of Llama-style feed-forward blocks: {@code silu(gate) * up}. */
public final class SwiGlu {
    private SwiGlu() {
    }

    /**
     * {@code gate[i] = silu(gate[i]) * up[i]} for {@code i < n}, with ggml's {@code silu(x) = x / (1 + e^-x)}:
     * with {@code vectorized} (fast mode) on the Vector API, else with {@link Math#exp}, the precise reference.
     */
    public static void applyInPlace(float[] gate, float[] up, int n, boolean vectorized) {
        if (vectorized && VectorSupport.ENABLED) {
            VectorActivations.swiGlu(gate, up, n);
        } else {
            applyScalar(gate, up, 0, n);
        }
    }

    /** The scalar form over {@code [from, to)}. */
    static void applyScalar(float[] gate, float[] up, int from, int to) {
        for (int i = from; i < to; i++) {
            float g = gate[i];
            gate[i] = g / (1.0f + (float) Math.exp(-g)) * up[i];
        }
    }
}
