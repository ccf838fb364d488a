package dev.corvid.quantize;

/**
 * llama.cpp's broad tensor roles for choosing types ({@code tensor_get_category}): the output and token
 * embedding by exact name, the rest by the first name fragment that matches, in declaration order.
 */
enum TensorCategory {
    OUTPUT(null),
    TOKEN_EMBD(null),
    ATTENTION_QKV("attn_qkv.weight"),
    ATTENTION_KV_B("attn_kv_b.weight"),
    ATTENTION_V("attn_v.weight"),
    ATTENTION_K("attn_k.weight"),
    ATTENTION_Q("attn_q.weight"),
    ATTENTION_OUTPUT("attn_output.weight"),
    FFN_UP("ffn_up"),
    FFN_GATE("ffn_gate"),
    FFN_DOWN("ffn_down"),
    OTHER(null);

    private final String fragment;

    TensorCategory(String fragment) {
        this.fragment = fragment;
    }

    static TensorCategory of(String name) {
        if (name.equals("output.weight")) {
            return OUTPUT;
        }
        if (name.equals("token_embd.weight") || name.equals("per_layer_token_embd.weight")) {
            return TOKEN_EMBD;
        }
        for (TensorCategory c : values()) {
            if (c.fragment != null && name.contains(c.fragment)) {
                return c;
            }
        }
        return OTHER;
    }

    /** The value projections, which llama.cpp treats as the most sensitive to quantization. */
    boolean isAttentionValue() {
        return this == ATTENTION_V || this == ATTENTION_QKV || this == ATTENTION_KV_B;
    }
}
