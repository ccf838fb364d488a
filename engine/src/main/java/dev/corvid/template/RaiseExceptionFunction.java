package dev.corvid.template;

/**
 * The {@code raise_exception(message)} function Hugging Face gives chat templates, so a template can refuse
 * a conversation it cannot format (e.g. roles that do not alternate); the render fails with the message.
 */
final class RaiseExceptionFunction {
    private RaiseExceptionFunction() {
    }

    /** Called by Jinjava through reflection. */
    public static Object raiseException(String message) {
        throw new TemplateRaisedException(message);
    }

    /** Marks the error as the template's own, so its message is reported as is. */
    static final class TemplateRaisedException extends RuntimeException {
        TemplateRaisedException(String message) {
            super(message);
        }
    }
}
