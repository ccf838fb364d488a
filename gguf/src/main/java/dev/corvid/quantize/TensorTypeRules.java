package dev.corvid.quantize;

import dev.corvid.quant.GgmlType;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * llama.cpp's choice of type for each tensor of a model being quantized ({@code llama_tensor_get_type}
 * without user overrides or importance matrix): 1-D tensors, norms and a few special tensors keep their
 * type; weight matrices get the file type's default, promoted by the mix's rules (the LM head, attn_v,
 * ffn_down, attn_output), then demoted to a type whose block fits when the row length is not a multiple
 * of the block size.
 *
 * <p>Some rules depend on how many attn_v or ffn_down tensors came before, so tensors must be presented
 * in llama.cpp's order ({@link QuantizationPlan} does that) and an instance serves one model.
 */
final class TensorTypeRules {
    private static final Pattern LAYER = Pattern.compile("^blk\\.\\s*([+-]?\\d+)");

    /** Substrings of 2-D tensors llama.cpp never quantizes (for the architectures it knows them from). */
    private static final List<String> NEVER_QUANTIZED = List.of("_norm.weight", "ffn_gate_inp.weight",
            "ffn_gate_tid2eid.weight", "altup", "laurel", "per_layer_model_proj", "ssm_conv1d",
            "shortconv.conv.weight", "indexer.k_proj.weight", "indexer.q_proj.weight", "time_mix_first.weight",
            "time_mix_w0.weight", "time_mix_w1.weight", "time_mix_w2.weight", "time_mix_v0.weight",
            "time_mix_v1.weight", "time_mix_v2.weight", "time_mix_a0.weight", "time_mix_a1.weight",
            "time_mix_a2.weight", "time_mix_g1.weight", "time_mix_g2.weight", "time_mix_decay_w1.weight",
            "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight", "attn_rel_b.weight", ".position_embd",
            "sam.pos_embd", "sam.neck.", "sam.net_", ".rel_pos", ".patch_embd", ".patch_merger", "a.rvq.codebook",
            "mm.a.code_embd");

    private final ModelShape model;
    private final FileType fileType;
    private final boolean tiedEmbeddings;
    private final int attentionValues;
    private int attentionValuesSeen;
    private int ffnDownSeen;

    /** Rules for a model with these tensor names, quantized to {@code fileType}. */
    TensorTypeRules(ModelShape model, FileType fileType, List<String> tensorNames) {
        this.model = model;
        this.fileType = fileType;
        this.tiedEmbeddings = !tensorNames.contains("output.weight");
        this.attentionValues = (int) tensorNames.stream().filter(n -> TensorCategory.of(n).isAttentionValue()).count();
    }

    /** The type for the next tensor in llama.cpp's order. */
    GgmlType choose(String name, long[] shape, GgmlType current) {
        if (!isQuantizable(name, shape)) {
            return current;
        }
        GgmlType type = fileType.defaultType();
        if (!type.isQuantized()) {
            return type;
        }
        return fitRowLength(shape[0], promote(name, shape[0], type));
    }

    /** llama.cpp's {@code tensor_allows_quantization}: weight matrices, not norms and a few small tables. */
    static boolean isQuantizable(String name, long[] shape) {
        return dimensions(shape) >= 2 && name.endsWith("weight")
                && NEVER_QUANTIZED.stream().noneMatch(name::contains)
                && !name.equals("position_embd.weight") && !name.equals("token_types.weight");
    }

    /** ggml's {@code ggml_n_dims}: trailing dimensions of 1 do not count. */
    private static int dimensions(long[] shape) {
        int n = shape.length;
        while (n > 1 && shape[n - 1] == 1) {
            n--;
        }
        return n;
    }

    /** The mix's promotions ({@code llama_tensor_get_type_impl}) for the file types Corvid writes. */
    private GgmlType promote(String name, long rowLength, GgmlType type) {
        TensorCategory category = TensorCategory.of(name);
        if (category == TensorCategory.OUTPUT || (tiedEmbeddings && category == TensorCategory.TOKEN_EMBD)) {
            // the LM head (or the embedding that doubles as it) is the tensor most sensitive to error
            if (model.isFalcon() || rowLength % type.blockSize() != 0) {
                return GgmlType.Q8_0;
            }
            return type == GgmlType.Q8_0 ? type : GgmlType.Q6_K;
        }
        if (category.isAttentionValue()) {
            return attentionValue(type);
        }
        return switch (category) {
            case ATTENTION_K -> model.experts() == 8 ? GgmlType.Q8_0 : type;
            case FFN_DOWN -> ffnDown(name, type);
            case ATTENTION_OUTPUT -> attentionOutput(type);
            default -> type;
        };
    }

    private GgmlType attentionValue(GgmlType type) {
        int i = attentionValuesSeen++;
        GgmlType chosen = switch (fileType) {
            case Q2_K -> model.gqa() >= 4 ? GgmlType.Q4_K : GgmlType.Q3_K;
            case Q3_K_M -> i < 2 ? GgmlType.Q5_K : GgmlType.Q4_K;
            case Q3_K_L -> GgmlType.Q5_K;
            case Q4_K_M, Q5_K_M -> moreBits(i, attentionValues) ? GgmlType.Q6_K : type;
            case Q4_K_S -> i < 4 ? GgmlType.Q5_K : type;
            default -> type;
        };
        if (model.is70B() && (chosen == GgmlType.Q3_K || chosen == GgmlType.Q4_K)) {
            chosen = GgmlType.Q5_K;
        }
        return model.experts() == 8 ? GgmlType.Q8_0 : chosen;
    }

    private GgmlType ffnDown(String name, GgmlType type) {
        int i = ffnDownSeen++;
        int n = model.layers();
        if (model.experts() > 1) {
            // expert tensors are not in layer order, so the layer comes from the name
            i = layerOf(name);
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("tensor " + name + ": layer " + i + " outside 0.." + (n - 1));
            }
        }
        boolean falcon = model.isFalcon();
        return switch (fileType) {
            case Q2_K -> GgmlType.Q3_K;
            case Q3_K_M -> i < n / 16 ? GgmlType.Q5_K
                    : !falcon || moreBits(i, n) ? GgmlType.Q4_K : GgmlType.Q3_K;
            case Q3_K_L -> falcon ? GgmlType.Q4_K : GgmlType.Q5_K;
            case Q4_K_M -> falcon
                    ? (i < n / 16 ? GgmlType.Q6_K : moreBits(i, n) ? GgmlType.Q5_K : GgmlType.Q4_K)
                    : (moreBits(i, n) ? GgmlType.Q6_K : type);
            case Q5_K_M -> moreBits(i, n) ? GgmlType.Q6_K : type;
            case Q4_K_S -> !falcon && i < n / 8 ? GgmlType.Q5_K : type;
            default -> type;
        };
    }

    private GgmlType attentionOutput(GgmlType type) {
        if (model.isFalcon()) {
            return fileType == FileType.Q3_K_L ? GgmlType.Q4_K : type;
        }
        if (model.experts() == 8) {
            return switch (fileType) {
                case Q2_K, Q3_K_S, Q3_K_M, Q4_K_S, Q4_K_M -> GgmlType.Q5_K;
                default -> type;
            };
        }
        return switch (fileType) {
            case Q2_K -> GgmlType.Q3_K;
            case Q3_K_M -> GgmlType.Q4_K;
            case Q3_K_L -> GgmlType.Q5_K;
            default -> type;
        };
    }

    /** llama.cpp's {@code use_more_bits}: the first and last eighth of the layers, and every third between. */
    static boolean moreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    /**
     * llama.cpp's {@code tensor_type_fallback}: a row that is not a whole number of blocks of the chosen
     * type takes a 32-value type instead, or F16 when the row is not a multiple of 32 either.
     */
    static GgmlType fitRowLength(long rowLength, GgmlType type) {
        if (rowLength % type.blockSize() == 0) {
            return type;
        }
        GgmlType fallback = switch (type) {
            case Q2_K, Q3_K -> GgmlType.Q4_0;
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            default -> type;
        };
        return rowLength % fallback.blockSize() == 0 ? fallback : GgmlType.F16;
    }

    /**
     * The layer number of a {@code blk.N.} tensor, as llama.cpp's sscanf reads it; -1 for others. A number
     * beyond the int range (any number of digits) saturates to {@link Integer#MAX_VALUE} or
     * {@link Integer#MIN_VALUE}: no model has that many layers, so the layer checks refuse it.
     */
    static int layerOf(String name) {
        Matcher m = LAYER.matcher(name);
        if (!m.find()) {
            return -1;
        }
        String number = m.group(1);
        boolean negative = number.charAt(0) == '-';
        String digits = number.replaceFirst("^[+-]?0*", "");
        if (digits.length() > 10) {
            return negative ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
        long value = digits.isEmpty() ? 0 : Long.parseLong(digits);
        value = negative ? -value : value;
        return (int) Math.clamp(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
}
