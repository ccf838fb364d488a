package dev.corvid.lora;

/** An adapter that does not fit the base model it is applied to or merged into; the message names both. */
public final class IncompatibleAdapterException extends RuntimeException {
    public IncompatibleAdapterException(String message) {
        super(message);
    }
}
