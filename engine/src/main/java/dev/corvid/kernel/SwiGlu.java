package dev.corvid.kernel;

/** The gated activation of Llama-style feed-forward blocks: {@code silu(gate) * up}. */
public final class SwiGlu {
    private SwiGlu() {
    }

    /** {@code gate[i] = silu(gate[i]) * up[i]} for {@code i < n}, with ggml's {@code silu(x) = x / (1 + e^-x)}. */
    public static void applyInPlace(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1.0f + (float) Math.exp(-g)) * up[i];
        }
    }
}
