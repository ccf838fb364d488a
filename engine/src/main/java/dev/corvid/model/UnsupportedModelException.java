package dev.corvid.model;

/** The file is a well-formed GGUF model, but it needs something Corvid does not implement. */
public final class UnsupportedModelException extends RuntimeException {
    public UnsupportedModelException(String message) {
        super(message);
    }
}
