package dev.corvid.backend.llamacpp;

/** llama.cpp could not be loaded or refused a request (a failed load, decode or quantization). */
public final class LlamaCppException extends RuntimeException {
    public LlamaCppException(String message) {
        super(message);
    }

    public LlamaCppException(String message, Throwable cause) {
        super(message, cause);
    }
}
