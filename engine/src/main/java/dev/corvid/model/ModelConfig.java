package dev.corvid.model;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufFormatException;
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
        return Math.multiplyExact(headCount, headDim);
    }

    /** Floats per token in the key (and the value) cache of one layer. */
    public int kvDim() {
        return Math.multiplyExact(headCountKv, headDim);
    }

    /**
     * Reads the configuration of {@code gguf}; the vocabulary size is the row count of the embeddings.
     *
     * @throws dev.corvid.gguf.GgufFormatException naming the file and key for a missing, mistyped or
     *                                             non-positive size, or sizes whose products overflow
     * @throws UnsupportedModelException           naming the file and key for shapes Corvid does not run:
     *                                             heads not shared evenly by the key/value heads, an odd
     *                                             head size, RoPE over part of a head
     */
    public static ModelConfig read(GgufFile gguf) {
        GgufMetadata md = gguf.metadata();
        String source = md.source();
        Architecture arch = Architecture.named(md.getString("general.architecture"), source);
        String p = arch.ggufName() + ".";

        int layers = positive(md, p + "block_count", md.getInt(p + "block_count"));
        int embedding = positive(md, p + "embedding_length", md.getInt(p + "embedding_length"));
        int feedForward = positive(md, p + "feed_forward_length", md.getInt(p + "feed_forward_length"));
        int heads = positive(md, p + "attention.head_count", md.getInt(p + "attention.head_count"));
        int headsKv = positive(md, p + "attention.head_count_kv", md.getInt(p + "attention.head_count_kv", heads));
        require(heads % headsKv == 0, source, p + "attention.head_count " + heads + " over "
                + p + "attention.head_count_kv " + headsKv + " (not a multiple)");
        String headDimKey = md.contains(p + "attention.key_length") ? p + "attention.key_length"
                : p + "embedding_length / " + p + "attention.head_count";
        int headDim = positive(md, headDimKey, md.getInt(p + "attention.key_length", embedding / heads));
        require(md.getInt(p + "attention.value_length", headDim) == headDim, source,
                p + "attention.value_length " + md.getInt(p + "attention.value_length", headDim)
                        + " differing from the key head size " + headDim);
        require(headDim % 2 == 0, source, "an odd head size (" + headDimKey + " = " + headDim
                + "; RoPE rotates pairs of dimensions)");
        int ropeDimensions = md.getInt(p + "rope.dimension_count", headDim);
        require(ropeDimensions == headDim, source,
                p + "rope.dimension_count " + ropeDimensions + " differing from the head size " + headDim);
        productFits(md, p + "attention.head_count", heads, headDimKey, headDim);
        productFits(md, p + "attention.head_count_kv", headsKv, headDimKey, headDim);
        int context = positive(md, p + "context_length", md.getInt(p + "context_length"));
        long vocabulary = gguf.tensor(ModelWeights.TOKEN_EMBEDDINGS).dim(1);
        if (vocabulary <= 0 || vocabulary > Integer.MAX_VALUE) {
            throw new GgufFormatException(source + ": tensor '" + ModelWeights.TOKEN_EMBEDDINGS + "' has "
                    + vocabulary + " rows: the vocabulary size must be between 1 and " + Integer.MAX_VALUE);
        }

        return new ModelConfig(arch,
                layers,
                embedding,
                feedForward,
                heads,
                headsKv,
                headDim,
                (int) vocabulary,
                context,
                md.getFloat(p + "attention.layer_norm_rms_epsilon"),
                ropeDimensions,
                md.getFloat(p + "rope.freq_base", DEFAULT_ROPE_FREQ_BASE),
                ropeFreqScale(md, p));
    }

    private static int positive(GgufMetadata md, String key, int value) {
        if (value <= 0) {
            throw new GgufFormatException(md.source() + ": metadata key '" + key + "' = " + value + " must be positive");
        }
        return value;
    }

    /** Sizes per token are products of head counts and the head size: each must fit in an int. */
    private static void productFits(GgufMetadata md, String countKey, int count, String sizeKey, int size) {
        if ((long) count * size > Integer.MAX_VALUE) {
            throw new GgufFormatException(md.source() + ": " + countKey + " " + count + " x " + sizeKey + " " + size
                    + " = " + (long) count * size + " floats per token is too many");
        }
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
