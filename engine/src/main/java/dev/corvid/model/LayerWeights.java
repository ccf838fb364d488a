package dev.corvid.model;

import dev.corvid.kernel.Linear;

/** The weights of one decoder block: attention, then the SwiGLU feed-forward network, each pre-normed. */
record LayerWeights(float[] attentionNorm, Linear query, Linear key, Linear value, Linear attentionOutput,
                    float[] ffnNorm, Linear ffnGate, Linear ffnUp, Linear ffnDown) {

    static LayerWeights load(TensorLoader loader, ModelConfig c, int layer) {
        String b = "blk." + layer + ".";
        int dim = c.embeddingLength();
        int qDim = c.queryDim();
        int ff = c.feedForwardLength();
        return new LayerWeights(
                loader.vector(b + "attn_norm.weight", dim),
                loader.linear(b + "attn_q", qDim, dim),
                loader.linear(b + "attn_k", c.kvDim(), dim),
                loader.linear(b + "attn_v", c.kvDim(), dim),
                loader.linear(b + "attn_output", dim, qDim),
                loader.vector(b + "ffn_norm.weight", dim),
                loader.linear(b + "ffn_gate", ff, dim),
                loader.linear(b + "ffn_up", ff, dim),
                loader.linear(b + "ffn_down", dim, ff));
    }
}
