package dev.corvid.template;

/**
 * A chat template that does not parse, fails while rendering, or calls {@code raise_exception}.
 * {@link #line()} is the 1-based line of the template where it went wrong, or -1 when unknown.
 */
public final class ChatTemplateException extends RuntimeException {
    private final int line;

    public ChatTemplateException(int line, String message) {
        super(line > 0 ? "chat template line " + line + ": " + message : "chat template: " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
