package dev.corvid.tokenizer;

/**
 * Token attribute bits, as llama.cpp's {@code llama_token_attr}. A token has one kind
 * ({@link #NORMAL}, {@link #CONTROL}, ...) from its GGUF token type, possibly more bits added while
 * loading (e.g. an end-of-generation token that is not marked CONTROL becomes CONTROL too).
 *
 * <pre>{@code
 * boolean special = (tokenizer.attributes(id) & TokenAttributes.CONTROL) != 0;
 * }</pre>
 */
public final class TokenAttributes {
    public static final int UNDEFINED = 0;
    public static final int UNKNOWN = 1;
    public static final int UNUSED = 1 << 1;
    public static final int NORMAL = 1 << 2;
    public static final int CONTROL = 1 << 3;
    public static final int USER_DEFINED = 1 << 4;
    public static final int BYTE = 1 << 5;
    /** Special-token matching swallows white space to the left of the token. */
    public static final int LSTRIP = 1 << 7;
    /** Special-token matching swallows white space to the right of the token. */
    public static final int RSTRIP = 1 << 8;

    private TokenAttributes() {
    }

    /** The attribute of a GGUF {@code tokenizer.ggml.token_type} value. */
    static int fromGgufTokenType(int type) {
        return switch (type) {
            case 1 -> NORMAL;
            case 2 -> UNKNOWN;
            case 3 -> CONTROL;
            case 4 -> USER_DEFINED;
            case 5 -> UNUSED;
            case 6 -> BYTE;
            default -> UNDEFINED;
        };
    }
}
