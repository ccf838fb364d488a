package dev.corvid.model;

import dev.corvid.kernel.CausalAttention;
import dev.corvid.kernel.Linear;
import dev.corvid.kernel.RmsNorm;
import dev.corvid.kernel.Rope;
import dev.corvid.kernel.SwiGlu;

import java.util.Arrays;

/**
 * The decoder forward pass of Llama-family models, following llama.cpp's graph (llm_build_llama,
 * llm_build_qwen2) operation for operation. A batch of tokens goes through each layer together:
 * every projection is one matrix-matrix product over the whole batch.
 *
 * <pre>
 * x = embed(tokens)
 * for each layer:
 *     h = rmsnorm(x) ; q, k, v = project(h) (+ biases) ; rope(q, k) ; cache(k, v)
 *     x = x + W_o causal_attention(q, cache)
 *     h = rmsnorm(x) ; x = x + W_down (silu(W_gate h) * W_up h)
 * logits = W_out rmsnorm(x)        (only the last row unless all are asked for)
 * </pre>
 */
final class Transformer {
    private final ModelConfig config;
    private final ModelWeights weights;
    private final Rope rope;
    private final CausalAttention attention;

    Transformer(ModelConfig config, ModelWeights weights) {
        this.config = config;
        this.weights = weights;
        this.rope = new Rope(config.architecture().ropeStyle(), config.ropeDimensions(), config.ropeFreqBase(),
                config.ropeFreqScale(), weights.ropeFreqFactors());
        this.attention = new CausalAttention(config.headCount(), config.headCountKv(), config.headDim(),
                1.0f / (float) Math.sqrt((float) config.headDim()));
    }

    /**
     * Runs {@code tokens}, the first at position {@code start}, appending their keys and values to
     * {@code cache}; returns the logits of every token ({@code allLogits}) or of the last one, row-major.
     */
    float[] forward(int[] tokens, int start, KvCache cache, boolean allLogits, ProjectionAdapter adapter) {
        int n = tokens.length;
        int dim = config.embeddingLength();
        float[] x = new float[n * dim];
        for (int t = 0; t < n; t++) {
            weights.tokenEmbeddings().copyRow(checkedToken(tokens[t]), x, t * dim);
        }
        for (int layer = 0; layer < config.layerCount(); layer++) {
            LayerWeights w = weights.layers().get(layer);
            addInPlace(x, attentionBlock(w, x, n, start, cache, layer, adapter));
            addInPlace(x, feedForwardBlock(w, x, n, layer, adapter));
        }
        int firstRow = allLogits ? 0 : n - 1;
        float[] rows = Arrays.copyOfRange(x, firstRow * dim, n * dim);
        int nRows = n - firstRow;
        RmsNorm.apply(rows, weights.outputNorm(), config.rmsNormEps(), nRows, rows);
        return apply(weights.output(), rows, nRows, adapter, -1, Projection.OUTPUT);
    }

    private float[] attentionBlock(LayerWeights w, float[] x, int n, int start, KvCache cache, int layer,
                                   ProjectionAdapter adapter) {
        float[] h = new float[x.length];
        RmsNorm.apply(x, w.attentionNorm(), config.rmsNormEps(), n, h);
        float[] q = apply(w.query(), h, n, adapter, layer, Projection.QUERY);
        float[] k = apply(w.key(), h, n, adapter, layer, Projection.KEY);
        float[] v = apply(w.value(), h, n, adapter, layer, Projection.VALUE);
        float[] cosSin = new float[config.ropeDimensions()];
        for (int t = 0; t < n; t++) {
            rope.angles(start + t, cosSin);
            rope.rotate(q, t * config.queryDim(), config.headCount(), config.headDim(), cosSin);
            rope.rotate(k, t * config.kvDim(), config.headCountKv(), config.headDim(), cosSin);
        }
        cache.store(layer, start, k, v, n);
        float[] attended = new float[q.length];
        attention.apply(q, cache.keys(layer), cache.values(layer), start, n, attended);
        return apply(w.attentionOutput(), attended, n, adapter, layer, Projection.ATTENTION_OUTPUT);
    }

    private float[] feedForwardBlock(LayerWeights w, float[] x, int n, int layer, ProjectionAdapter adapter) {
        float[] h = new float[x.length];
        RmsNorm.apply(x, w.ffnNorm(), config.rmsNormEps(), n, h);
        float[] gate = apply(w.ffnGate(), h, n, adapter, layer, Projection.FFN_GATE);
        SwiGlu.applyInPlace(gate, apply(w.ffnUp(), h, n, adapter, layer, Projection.FFN_UP), gate.length);
        return apply(w.ffnDown(), gate, n, adapter, layer, Projection.FFN_DOWN);
    }

    /** {@code W in + adapter correction + b}: the adapter goes between product and bias, as in llama.cpp. */
    private static float[] apply(Linear linear, float[] in, int n, ProjectionAdapter adapter, int layer,
                                 Projection projection) {
        float[] out = new float[n * linear.outputSize()];
        linear.weight().multiply(in, n, out);
        adapter.addTo(layer, projection, in, n, out);
        linear.addBias(out, n);
        return out;
    }

    private static void addInPlace(float[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }

    private int checkedToken(int token) {
        if (token < 0 || token >= config.vocabularySize()) {
            throw new IllegalArgumentException("token id " + token + " is outside the vocabulary [0, "
                    + config.vocabularySize() + ")");
        }
        return token;
    }
}
