package dev.corvid.quantize;

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

    public static ModelShape of(GgufMetadata m) {
        String arch = m.getString("general.architecture");
        int heads = firstOf(m, arch + ".attention.head_count", 0);
        return new ModelShape(arch, m.getInt(arch + ".block_count"), heads,
                firstOf(m, arch + ".attention.head_count_kv", heads), m.getInt(arch + ".expert_count", 0));
    }

    /** A key that llama.cpp accepts either as one number or as one number per layer. */
    private static int firstOf(GgufMetadata m, String key, int defaultValue) {
        if (!m.contains(key)) {
            return defaultValue;
        }
        if (m.get(key).type() == GgufValueType.ARRAY) {
            return m.getArray(key).ints()[0];
        }
        return m.getInt(key);
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
