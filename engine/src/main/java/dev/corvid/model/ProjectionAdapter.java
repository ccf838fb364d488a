package dev.corvid.model;

/**
 * Adds a learned correction to projections of the forward pass without touching the model's
 * weights (an unmerged LoRA adapter): called after each product {@code W x}, before any bias is added,
 * so that a projection computes {@code y = W x + delta(x) + b} as llama.cpp's {@code build_lora_mm} does.
 * Set one per {@link InferenceState}; states with different adapters share one {@link Model}.
 *
 * <pre>{@code
 * state.setAdapter((layer, projection, in, nTokens, out) -> { ... out[t * rows + r] += ... });
 * }</pre>
 */
@FunctionalInterface
public interface ProjectionAdapter {
    /** No correction. */
    ProjectionAdapter NONE = (layer, projection, in, nTokens, out) -> { };

    /**
     * Adds the correction of {@code projection} in {@code layer} (ignored for {@link Projection#OUTPUT})
     * to {@code out}: {@code in} holds {@code nTokens} rows of the projection's inputs, {@code out} its
     * {@code nTokens} rows of outputs, both row-major.
     */
    void addTo(int layer, Projection projection, float[] in, int nTokens, float[] out);
}
