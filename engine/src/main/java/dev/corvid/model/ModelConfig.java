package dev.corvid.model;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufMetadata;

/**
 * The hyperparameters of a model, read from GGUF metadata with llama.cpp's defaults.
 *
 * <pre>{@code
 * ModelConfig c = model.config();
 * float[] logits = state.evaluate(tokens, false);   // c.vocabularySize() floats
 * }</pre>
 *
 * @param headDim        floats per attention head, for queries, keys and values alike
 * @param contextLength  positions the model was trained on ({@code context_length})
 * @param ropeDimensions dimensions rotated by RoPE at the start of each head
 * @param ropeFreqScale  1 / the linear RoPE scaling factor; 1 when unscaled
 */
public record ModelConfig(Architecture architecture, int layerCount, int embeddingLength, int feedForwardLength,
                          int headCount, int headCountKv, int headDim, int vocabularySize, int contextLength,
                          float rmsNormEps, int ropeDimensions, float ropeFreqBase, float ropeFreqScale) {

    /** llama.cpp's RoPE base when {@code rope.freq_base} is absent. */
    public static final float DEFAULT_ROPE_FREQ_BASE = 10000.0f;

    /** Floats per token in the queries (all heads). */
    public int queryDim() {
        return headCount * headDim;
    }

    /** Floats per token in the key (and the value) cache of one layer. */
    public int kvDim() {
        return headCountKv * headDim;
    }

    /** Reads the configuration of {@code gguf}; the vocabulary size is the row count of the embeddings. */
    public static ModelConfig read(GgufFile gguf) {
        GgufMetadata md = gguf.metadata();
        String source = md.source();
        Architecture arch = Architecture.named(md.getString("general.architecture"), source);
        String p = arch.ggufName() + ".";

        int embedding = md.getInt(p + "embedding_length");
        int heads = md.getInt(p + "attention.head_count");
        int headsKv = md.getInt(p + "attention.head_count_kv", heads);
        require(heads > 0 && headsKv > 0 && heads % headsKv == 0, source,
                heads + " attention heads over " + headsKv + " key/value heads");
        int headDim = md.getInt(p + "attention.key_length", embedding / heads);
        require(md.getInt(p + "attention.value_length", headDim) == headDim, source,
                "value heads of another size than key heads");
        int ropeDimensions = md.getInt(p + "rope.dimension_count", headDim);
        require(ropeDimensions == headDim, source,
                "rope.dimension_count " + ropeDimensions + " differing from the head size " + headDim);
        int vocabulary = Math.toIntExact(gguf.tensor(ModelWeights.TOKEN_EMBEDDINGS).dim(1));

        return new ModelConfig(arch,
                md.getInt(p + "block_count"),
                embedding,
                md.getInt(p + "feed_forward_length"),
                heads,
                headsKv,
                headDim,
                vocabulary,
                md.getInt(p + "context_length"),
                md.getFloat(p + "attention.layer_norm_rms_epsilon"),
                ropeDimensions,
                md.getFloat(p + "rope.freq_base", DEFAULT_ROPE_FREQ_BASE),
                ropeFreqScale(md, p));
    }

    /**
     * llama.cpp's rule: the scaling type defaults to linear, the factor to none ({@code scaling.factor},
     * else the older {@code scale_linear}); type {@code none} ignores any factor.
     */
    private static float ropeFreqScale(GgufMetadata md, String p) {
        String type = md.findString(p + "rope.scaling.type").orElse("linear");
        float attnFactor = md.getFloat(p + "rope.scaling.attn_factor", 1.0f);
        require(attnFactor == 1.0f, md.source(), "rope.scaling.attn_factor " + attnFactor);
        return switch (type) {
            case "none" -> 1.0f;
            case "linear" -> {
                float factor = md.contains(p + "rope.scaling.factor")
                        ? md.getFloat(p + "rope.scaling.factor")
                        : md.getFloat(p + "rope.scale_linear", 0.0f);
                yield factor == 0.0f ? 1.0f : 1.0f / factor;
            }
            default -> throw new UnsupportedModelException(md.source() + ": rope scaling type '" + type
                    + "' is not supported (supported: none, linear)");
        };
    }

    private static void require(boolean condition, String source, String unsupported) {
        if (!condition) {
            throw new UnsupportedModelException(source + ": " + unsupported + " is not supported");
        }
    }
}
