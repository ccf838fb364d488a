package dev.corvid.model;

import dev.corvid.kernel.CausalAttention;
import dev.corvid.kernel.Linear;
import dev.corvid.kernel.RmsNorm;
import dev.corvid.kernel.Rope;
import dev.corvid.kernel.SwiGlu;
import dev.corvid.kernel.WorkerPool;
import dev.corvid.model.OpProfile.Op;

/**
 * The decoder forward pass of Llama-family models, following llama.cpp's graph (llm_build_llama,
 * llm_build_qwen2) operation for operation. A batch of tokens goes through each layer together:
 * every projection is one matrix-matrix product over the whole batch, and projections of the same
 * input (q/k/v, gate/up) share one pass of the worker pool.
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
    private final WorkerPool pool;
    private final Rope rope;
    private final CausalAttention attention;
    /** Fast mode: activations on the Vector API too. */
    private final boolean vectorized;
    /** Per layer, the linears that share an input, in the order of {@link Workspace}'s output groups. */
    private final Linear[][] qkv;
    private final Linear[][] attentionOutput;
    private final Linear[][] gateUp;
    private final Linear[][] down;
    private final Linear[] output;

    /** The roles of the linear groups above, for adapters. */
    private static final Projection[] QKV = {Projection.QUERY, Projection.KEY, Projection.VALUE};
    private static final Projection[] ATTENTION_OUTPUT = {Projection.ATTENTION_OUTPUT};
    private static final Projection[] GATE_UP = {Projection.FFN_GATE, Projection.FFN_UP};
    private static final Projection[] DOWN = {Projection.FFN_DOWN};
    private static final Projection[] OUTPUT = {Projection.OUTPUT};

    Transformer(ModelConfig config, ModelWeights weights, Precision precision, WorkerPool pool) {
        this.config = config;
        this.weights = weights;
        this.pool = pool;
        this.rope = new Rope(config.architecture().ropeStyle(), config.ropeDimensions(), config.ropeFreqBase(),
                config.ropeFreqScale(), weights.ropeFreqFactors());
        this.vectorized = precision == Precision.FAST;
        this.attention = new CausalAttention(config.headCount(), config.headCountKv(), config.headDim(),
                1.0f / (float) Math.sqrt((float) config.headDim()), vectorized);
        int layers = config.layerCount();
        qkv = new Linear[layers][];
        attentionOutput = new Linear[layers][];
        gateUp = new Linear[layers][];
        down = new Linear[layers][];
        for (int i = 0; i < layers; i++) {
            LayerWeights w = weights.layers().get(i);
            qkv[i] = new Linear[] {w.query(), w.key(), w.value()};
            attentionOutput[i] = new Linear[] {w.attentionOutput()};
            gateUp[i] = new Linear[] {w.ffnGate(), w.ffnUp()};
            down[i] = new Linear[] {w.ffnDown()};
        }
        output = new Linear[] {weights.output()};
    }

    /** Floats of keys per layer a cache of {@code contextLength} positions takes (values take no more). */
    long cacheKeyFloats(int contextLength) {
        return attention.keyFloats(contextLength);
    }

    KvCache newCache(int contextLength) {
        return new KvCache(config.layerCount(), contextLength, config.kvDim(), attention);
    }

    Workspace newWorkspace() {
        return new Workspace(config, attention, pool);
    }

    /**
     * Runs {@code tokens}, the first at position {@code start}, appending their keys and values to
     * {@code cache}; returns the logits of every token ({@code allLogits}) or of the last one, row-major.
     */
    float[] forward(int[] tokens, int start, KvCache cache, boolean allLogits, ProjectionAdapter adapter,
                    Workspace ws) {
        int n = tokens.length;
        int dim = config.embeddingLength();
        long time = OpProfile.ENABLED ? System.nanoTime() : 0;
        ws.ensure(n);
        for (int t = 0; t < n; t++) {
            weights.tokenEmbeddings().copyRow(checkedToken(tokens[t]), ws.x, t * dim);
        }
        time = lap(Op.EMBED, n, time);
        for (int layer = 0; layer < config.layerCount(); layer++) {
            time = attentionBlock(layer, n, start, cache, adapter, ws, time);
            time = feedForwardBlock(layer, n, adapter, ws, time);
        }
        int firstRow = allLogits ? 0 : n - 1;
        int nRows = n - firstRow;
        System.arraycopy(ws.x, firstRow * dim, ws.normed, 0, nRows * dim);
        RmsNorm.apply(ws.normed, weights.outputNorm(), config.rmsNormEps(), nRows, ws.normed);
        time = lap(Op.OUTPUT_NORM, n, time);
        float[] logits = new float[nRows * config.vocabularySize()];
        ws.single[0] = logits;
        project(output, OUTPUT, -1, ws.normed, nRows, ws.single, adapter, ws);
        ws.single[0] = null;
        lap(Op.LM_HEAD, n, time);
        if (OpProfile.ENABLED) {
            OpProfile.pass(n);
        }
        return logits;
    }

    private static long lap(Op op, int n, long since) {
        return OpProfile.ENABLED ? OpProfile.add(op, n, since) : 0;
    }

    private long attentionBlock(int layer, int n, int start, KvCache cache, ProjectionAdapter adapter, Workspace ws,
                                long time) {
        LayerWeights w = weights.layers().get(layer);
        RmsNorm.apply(ws.x, w.attentionNorm(), config.rmsNormEps(), n, ws.normed);
        time = lap(Op.ATTN_NORM, n, time);
        project(qkv[layer], QKV, layer, ws.normed, n, ws.qkv, adapter, ws);
        time = lap(Op.QKV, n, time);
        for (int t = 0; t < n; t++) {
            rope.angles(start + t, ws.cosSin);
            rope.rotate(ws.q, t * config.queryDim(), config.headCount(), config.headDim(), ws.cosSin);
            rope.rotate(ws.k, t * config.kvDim(), config.headCountKv(), config.headDim(), ws.cosSin);
        }
        cache.store(layer, start, ws.k, ws.v, n);
        time = lap(Op.ROPE_CACHE, n, time);
        ws.attention.apply(ws.q, cache.keys(layer), cache.values(layer), start, n, ws.attended);
        time = lap(Op.ATTENTION, n, time);
        ws.single[0] = ws.projected;
        project(attentionOutput[layer], ATTENTION_OUTPUT, layer, ws.attended, n, ws.single, adapter, ws);
        time = lap(Op.ATTN_OUTPUT, n, time);
        addInPlace(ws.x, ws.projected, n * config.embeddingLength());
        return lap(Op.RESIDUAL, n, time);
    }

    private long feedForwardBlock(int layer, int n, ProjectionAdapter adapter, Workspace ws, long time) {
        LayerWeights w = weights.layers().get(layer);
        RmsNorm.apply(ws.x, w.ffnNorm(), config.rmsNormEps(), n, ws.normed);
        time = lap(Op.FFN_NORM, n, time);
        project(gateUp[layer], GATE_UP, layer, ws.normed, n, ws.gateUp, adapter, ws);
        time = lap(Op.GATE_UP, n, time);
        SwiGlu.applyInPlace(ws.gate, ws.up, n * config.feedForwardLength(), vectorized);
        time = lap(Op.SWIGLU, n, time);
        ws.single[0] = ws.projected;
        project(down[layer], DOWN, layer, ws.gate, n, ws.single, adapter, ws);
        time = lap(Op.DOWN, n, time);
        addInPlace(ws.x, ws.projected, n * config.embeddingLength());
        return lap(Op.RESIDUAL, n, time);
    }

    /**
     * {@code outs[i] = linears[i](in)}, the products of one input in one pass of the pool. An adapter's
     * correction goes between product and bias, as in llama.cpp's {@code build_lora_mm}.
     */
    private static void project(Linear[] linears, Projection[] roles, int layer, float[] in, int n, float[][] outs,
                                ProjectionAdapter adapter, Workspace ws) {
        ws.projections.multiply(linears, in, n, outs);
        for (int i = 0; i < linears.length; i++) {
            adapter.addTo(layer, roles[i], in, n, outs[i]);
            linears[i].addBias(outs[i], n);
        }
    }

    private static void addInPlace(float[] x, float[] delta, int n) {
        for (int i = 0; i < n; i++) {
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
