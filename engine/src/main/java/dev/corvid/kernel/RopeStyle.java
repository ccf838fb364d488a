package dev.corvid.kernel;

/**
 * Which dimensions of a head rotary embedding rotates together. Pair {@code i} always turns by the
 * angle {@code position * base^(-2i / dims)}; the styles differ only in which two dimensions form it.
 */
public enum RopeStyle {
    /** ggml's {@code NORM} (llama): adjacent dimensions {@code (2i, 2i + 1)}. */
    NORMAL,
    /** ggml's {@code NEOX} (qwen2, GPT-NeoX): the two halves {@code (i, i + dims / 2)}. */
    NEOX;

    /** The first dimension of pair {@code i}. */
    int first(int pair) {
        return this == NORMAL ? 2 * pair : pair;
    }

    /** How far the second dimension of a pair lies from its first. */
    int partnerDistance(int dims) {
        return this == NORMAL ? 1 : dims / 2;
    }
}
