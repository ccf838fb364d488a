package dev.corvid.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The shape of a Llama- or Qwen2-family transformer, enough to lay out its tensors and hyperparameters.
 * Presets copy the shapes of real models (their Hugging Face config.json):
 *
 * <pre>{@code
 * ModelSpec qwen = ModelSpec.preset("qwen2.5-0.5b");
 * ModelSpec tiny = new ModelSpec("llama", 2, 64, 128, 4, 2, 10000f, 1e-5f, 256, false, false);
 * List<ModelSpec.Tensor> tensors = qwen.tensors(151936);
 * }</pre>
 *
 * @param architecture   {@code llama} or {@code qwen2}
 * @param layers         transformer blocks
 * @param width          embedding length
 * @param ffn            feed-forward length
 * @param heads          query heads; the head size is {@code width / heads}
 * @param kvHeads        key/value heads
 * @param ropeBase       RoPE frequency base
 * @param rmsEps         RMS norm epsilon
 * @param context        trained context length
 * @param tiedEmbeddings the LM head reuses token_embd (no output.weight)
 * @param qkvBias        q, k and v projections have biases (Qwen2)
 */
public record ModelSpec(String architecture, int layers, int width, int ffn, int heads, int kvHeads, float ropeBase,
                        float rmsEps, int context, boolean tiedEmbeddings, boolean qkvBias) {

    /** How a tensor's values are drawn. */
    public enum Init {
        /** N(0, 1/fan_in), fan_in being the row length: activations keep their scale through the layer. */
        MATRIX,
        /** N(0, 0.02²), the usual embedding initialization. */
        EMBEDDING,
        /** N(0, 0.02²): small, so attention starts close to unbiased. */
        BIAS,
        /** All ones: norms that pass activations through unchanged. */
        ONES
    }

    /** One tensor to generate, shape in ggml order (row length first). */
    public record Tensor(String name, long[] shape, Init init) {
        public long elementCount() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }
    }

    private static final Map<String, ModelSpec> PRESETS = Map.of(
            "qwen2.5-0.5b", new ModelSpec("qwen2", 24, 896, 4864, 14, 2, 1e6f, 1e-6f, 32768, true, true),
            "llama-3.2-1b", new ModelSpec("llama", 16, 2048, 8192, 32, 8, 500000f, 1e-5f, 131072, true, false),
            "smollm2-135m", new ModelSpec("llama", 30, 576, 1536, 9, 3, 100000f, 1e-5f, 8192, true, false));

    public ModelSpec {
        if (!architecture.equals("llama") && !architecture.equals("qwen2")) {
            throw new IllegalArgumentException("architecture must be llama or qwen2, got " + architecture);
        }
        if (layers < 1 || width < 1 || ffn < 1 || heads < 1 || kvHeads < 1 || context < 1) {
            throw new IllegalArgumentException("layers, width, ffn, heads, kv heads and context must be positive");
        }
        if (width % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("width " + width + " must be a multiple of heads " + heads
                    + ", and heads a multiple of kv heads " + kvHeads);
        }
        if ((width / heads) % 2 != 0) {
            // RoPE rotates pairs of dimensions: Corvid (and llama.cpp's RoPE) needs an even head size
            throw new IllegalArgumentException("head size " + width / heads + " (width " + width + " / heads " + heads
                    + ") must be even: RoPE rotates pairs of dimensions");
        }
    }

    public static ModelSpec preset(String name) {
        ModelSpec spec = PRESETS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; one of " + presetNames());
        }
        return spec;
    }

    public static List<String> presetNames() {
        return PRESETS.keySet().stream().sorted().toList();
    }

    public int headSize() {
        return width / heads;
    }

    /** Every tensor of the model with a vocabulary of {@code vocab} tokens, in the order converters write them. */
    public List<Tensor> tensors(int vocab) {
        int kv = kvHeads * headSize();
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("token_embd.weight", new long[] {width, vocab}, Init.EMBEDDING));
        for (int i = 0; i < layers; i++) {
            String p = "blk." + i + ".";
            t.add(new Tensor(p + "attn_norm.weight", new long[] {width}, Init.ONES));
            t.add(new Tensor(p + "attn_q.weight", new long[] {width, width}, Init.MATRIX));
            t.add(new Tensor(p + "attn_k.weight", new long[] {width, kv}, Init.MATRIX));
            t.add(new Tensor(p + "attn_v.weight", new long[] {width, kv}, Init.MATRIX));
            if (qkvBias) {
                t.add(new Tensor(p + "attn_q.bias", new long[] {width}, Init.BIAS));
                t.add(new Tensor(p + "attn_k.bias", new long[] {kv}, Init.BIAS));
                t.add(new Tensor(p + "attn_v.bias", new long[] {kv}, Init.BIAS));
            }
            t.add(new Tensor(p + "attn_output.weight", new long[] {width, width}, Init.MATRIX));
            t.add(new Tensor(p + "ffn_norm.weight", new long[] {width}, Init.ONES));
            t.add(new Tensor(p + "ffn_gate.weight", new long[] {width, ffn}, Init.MATRIX));
            t.add(new Tensor(p + "ffn_up.weight", new long[] {width, ffn}, Init.MATRIX));
            t.add(new Tensor(p + "ffn_down.weight", new long[] {ffn, width}, Init.MATRIX));
        }
        t.add(new Tensor("output_norm.weight", new long[] {width}, Init.ONES));
        if (!tiedEmbeddings) {
            t.add(new Tensor("output.weight", new long[] {width, vocab}, Init.MATRIX));
        }
        return t;
    }
}
