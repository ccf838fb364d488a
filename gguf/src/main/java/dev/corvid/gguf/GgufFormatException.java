package dev.corvid.gguf;

/**
 * A GGUF file, or a value read from one, is not what it must be. The message says what is wrong and
 * where: the file, the byte offset, the metadata key or the tensor name.
 */
public final class GgufFormatException extends RuntimeException {
    public GgufFormatException(String message) {
        super(message);
    }

    public GgufFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
