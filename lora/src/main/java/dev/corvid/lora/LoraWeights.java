package dev.corvid.lora;

import dev.corvid.quant.GgmlType;

/**
 * One adapted weight {@code W} ({@code outputs x inputs}) of a LoRA adapter: the low-rank factors
 * {@code A} ({@code rank x inputs}) and {@code B} ({@code outputs x rank}), held as floats, row-major,
 * with the types they are stored in. The correction to {@code W x} is {@code s B (A x)}.
 *
 * <pre>{@code
 * LoraWeights q = adapter.weights("blk.0.attn_q.weight").orElseThrow();
 * float s = q.scale(adapter.alpha(), 1.0f);     // alpha / rank
 * }</pre>
 *
 * @param target the adapted tensor's name in the base model, e.g. {@code blk.0.attn_q.weight}
 * @param a      {@code rank x inputs} floats: ggml shape {@code [inputs, rank]}, tensor {@code target.lora_a}
 * @param b      {@code outputs x rank} floats: ggml shape {@code [rank, outputs]}, tensor {@code target.lora_b}
 * @param aType  how {@code a} is stored in a file (its values are exactly representable in it)
 */
public record LoraWeights(String target, int rank, int inputs, int outputs, float[] a, float[] b,
                          GgmlType aType, GgmlType bType) {

    public LoraWeights {
        if (rank <= 0 || inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException(target + ": rank " + rank + ", " + inputs + " inputs, "
                    + outputs + " outputs");
        }
        if (a.length != (long) rank * inputs || b.length != (long) outputs * rank) {
            throw new IllegalArgumentException(target + ": " + a.length + " values in A and " + b.length
                    + " in B for rank " + rank + ", " + inputs + " inputs, " + outputs + " outputs");
        }
    }

    /**
     * llama.cpp's effective scale ({@code llama_adapter_lora_weight::get_scale}): {@code userScale * alpha / rank},
     * or {@code userScale} alone when the adapter has no alpha (0). Computed in float, in llama.cpp's order.
     */
    public float scale(float alpha, float userScale) {
        return alpha != 0.0f ? userScale * alpha / (float) rank : userScale;
    }

    /** These factors stored as {@code aType} and {@code bType}: values rounded as a file of those types holds them. */
    public LoraWeights withTypes(GgmlType aType, GgmlType bType) {
        return new LoraWeights(target, rank, inputs, outputs, LoraTensorTypes.roundTrip(a, inputs, aType, target + ".lora_a"),
                LoraTensorTypes.roundTrip(b, rank, bType, target + ".lora_b"), aType, bType);
    }
}
