package dev.corvid.model;

/**
 * The matrix products of the forward pass that an adapter may add to: the four attention projections,
 * the three feed-forward projections of each layer, and the output projection (LM head) after the last
 * layer. Each is named as its weight in a GGUF file.
 */
public enum Projection {
    QUERY("attn_q"),
    KEY("attn_k"),
    VALUE("attn_v"),
    ATTENTION_OUTPUT("attn_output"),
    FFN_GATE("ffn_gate"),
    FFN_UP("ffn_up"),
    FFN_DOWN("ffn_down"),
    /** The LM head {@code output.weight}; it belongs to no layer. */
    OUTPUT("output");

    private final String ggufName;

    Projection(String ggufName) {
        this.ggufName = ggufName;
    }

    /** The GGUF tensor name part, e.g. {@code attn_q}. */
    public String ggufName() {
        return ggufName;
    }

    /** The weight's tensor name: {@code blk.<layer>.attn_q.weight}, or {@code output.weight} (layer ignored). */
    public String weightName(int layer) {
        return this == OUTPUT ? ggufName + ".weight" : "blk." + layer + "." + ggufName + ".weight";
    }
}
