package dev.corvid.backend.llamacpp;

/** The {@code llama_ftype} targets of {@link LlamaCpp#quantize} that Corvid reads (llama.h values). */
public enum LlamaFileType {
    F16(1), Q4_0(2), Q4_1(3), Q8_0(7), Q5_0(8), Q5_1(9), Q2_K(10), Q3_K_M(12), Q4_K_S(14), Q4_K_M(15),
    Q5_K_M(17), Q6_K(18), BF16(32);

    private final int code;

    LlamaFileType(int code) {
        this.code = code;
    }

    /** The {@code enum llama_ftype} value. */
    int code() {
        return code;
    }
}
