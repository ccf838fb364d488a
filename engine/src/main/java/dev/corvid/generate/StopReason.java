package dev.corvid.generate;

/** Why a generation ended. */
public enum StopReason {
    /** The requested number of tokens was generated. */
    MAX_TOKENS,
    /** The model produced an end-of-generation token (end of text, end of turn). */
    END_OF_GENERATION,
    /** The text reached one of the stop strings; the stop string itself is not part of the result. */
    STOP_STRING,
    /** The session's context is full. */
    CONTEXT_FULL,
    /** {@link Session#cancel()} was called. */
    CANCELLED
}
