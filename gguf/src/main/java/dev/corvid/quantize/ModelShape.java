package dev.corvid.quantize;

import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufValueType;

/**
 * The hyperparameters llama.cpp's type rules look at, read from a model's metadata.
 *
 * @param architecture {@code general.architecture}
 * @param layers       {@code <arch>.block_count}
 * @param heads        {@code <arch>.attention.head_count} (of layer 0 when given per layer)
 * @param kvHeads      {@code <arch>.attention.head_count_kv}, defaulting to {@code heads}
 * @param experts      {@code <arch>.expert_count}, 0 for dense models
 */
public record ModelShape(String architecture, int layers, int heads, int kvHeads, int experts) {

    /**
     * The shape described by {@code m}.
     *
     * @throws GgufFormatException naming the file and key for a missing, mistyped or negative value, or a
     *                             per-layer array that does not have one entry per layer
     */
    public static ModelShape of(GgufMetadata m) {
        String arch = m.getString("general.architecture");
        int layers = nonNegative(m, arch + ".block_count", m.getInt(arch + ".block_count"));
        int heads = firstOf(m, arch + ".attention.head_count", layers, 0);
        return new ModelShape(arch, layers, heads, firstOf(m, arch + ".attention.head_count_kv", layers, heads),
                nonNegative(m, arch + ".expert_count", m.getInt(arch + ".expert_count", 0)));
    }

    /**
     * A key that llama.cpp accepts either as one number or as one number per layer; as llama.cpp's
     * {@code get_key_or_arr}, an array must have exactly one entry per layer.
     */
    private static int firstOf(GgufMetadata m, String key, int layers, int defaultValue) {
        if (!m.contains(key)) {
            return defaultValue;
        }
        if (m.get(key).type() == GgufValueType.ARRAY) {
            int[] values = m.getInts(key);
            if (values.length == 0 || values.length != layers) {
                throw new GgufFormatException(m.source() + ": metadata key '" + key + "' has " + values.length
                        + " entries for " + layers + " layers");
            }
            for (int v : values) {
                nonNegative(m, key, v);
            }
            return values[0];
        }
        return nonNegative(m, key, m.getInt(key));
    }

    private static int nonNegative(GgufMetadata m, String key, int value) {
        if (value < 0) {
            throw new GgufFormatException(m.source() + ": metadata key '" + key + "' = " + value + " is negative");
        }
        return value;
    }

    /** Query heads per KV head (llama.cpp's {@code n_gqa}), 0 without KV heads. */
    public int gqa() {
        return kvHeads == 0 ? 0 : heads / kvHeads;
    }

    public boolean isFalcon() {
        return architecture.equals("falcon");
    }

    /**
     * Whether llama.cpp classes the model as 70B, where attn_v gets more bits (its 8 query heads per KV
     * head make attn_v 8x smaller than attn_q).
     */
    public boolean is70B() {
        return switch (architecture) {
            case "llama" -> layers == 80 && experts != 8 && heads != kvHeads;
            case "qwen2", "deci", "olmo" -> layers == 80;
            case "jais2" -> layers == 68;
            default -> false;
        };
    }
}
