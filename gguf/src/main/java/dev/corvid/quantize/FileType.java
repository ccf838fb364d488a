package dev.corvid.quantize;

import dev.corvid.quant.GgmlType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * llama.cpp's file types ({@code llama_ftype}, stored as {@code general.file_type}) that Corvid can write:
 * a default tensor type plus, for the K-quant mixes, llama.cpp's rules for promoting some tensors (see
 * {@link TensorTypeRules}). The mixes that need an importance matrix (IQ*, Q2_K_S) are not here.
 *
 * <pre>{@code
 * FileType t = FileType.parse("q4_k_m");   // Q4_K_M, id 15, default tensor type Q4_K
 * }</pre>
 */
public enum FileType {
    F32(0, GgmlType.F32),
    F16(1, GgmlType.F16),
    Q4_0(2, GgmlType.Q4_0),
    Q4_1(3, GgmlType.Q4_1),
    Q8_0(7, GgmlType.Q8_0),
    Q5_0(8, GgmlType.Q5_0),
    Q5_1(9, GgmlType.Q5_1),
    Q2_K(10, GgmlType.Q2_K),
    Q3_K_S(11, GgmlType.Q3_K),
    Q3_K_M(12, GgmlType.Q3_K),
    Q3_K_L(13, GgmlType.Q3_K),
    Q4_K_S(14, GgmlType.Q4_K),
    Q4_K_M(15, GgmlType.Q4_K),
    Q5_K_S(16, GgmlType.Q5_K),
    Q5_K_M(17, GgmlType.Q5_K),
    Q6_K(18, GgmlType.Q6_K),
    BF16(32, GgmlType.BF16);

    private final int id;
    private final GgmlType defaultType;

    FileType(int id, GgmlType defaultType) {
        this.id = id;
        this.defaultType = defaultType;
    }

    /** llama.cpp's {@code LLAMA_FTYPE_*} value, written as {@code general.file_type}. */
    public int id() {
        return id;
    }

    /** The type a weight matrix gets unless a rule or a fallback says otherwise. */
    public GgmlType defaultType() {
        return defaultType;
    }

    /** The file type named {@code name}, ignoring case ({@code q4_k_m}, {@code F16}, ...). */
    public static FileType parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown file type '" + name + "'; one of " + Arrays.toString(values()), e);
        }
    }

    /** The file type with llama.cpp id {@code id}, if Corvid writes it. */
    public static Optional<FileType> byId(long id) {
        return Arrays.stream(values()).filter(t -> t.id == id).findFirst();
    }
}
