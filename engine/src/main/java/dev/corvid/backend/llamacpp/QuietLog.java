package dev.corvid.backend.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The log callback given to {@code llama_log_set}: llama.cpp reports every tensor and setting on
 * stderr by default, which would bury Corvid's own output; only errors (and their continuation lines)
 * reach {@code System.err}.
 */
final class QuietLog {
    private static final int GGML_LOG_LEVEL_ERROR = 4;
    private static final int GGML_LOG_LEVEL_CONT = 5;

    /** Whether the message being continued was an error; llama.cpp logs from one thread at a time. */
    private static volatile boolean inError;

    private QuietLog() {
    }

    /** A C function pointer to {@link #log}, valid for the life of the JVM. */
    static MemorySegment callback() {
        try {
            var target = MethodHandles.lookup().findStatic(QuietLog.class, "log",
                    MethodType.methodType(void.class, int.class, MemorySegment.class, MemorySegment.class));
            return Linker.nativeLinker().upcallStub(target,
                    FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code ggml_log_callback}: must never throw, an exception in an upcall ends the JVM. */
    private static void log(int level, MemorySegment text, MemorySegment userData) {
        try {
            inError = level == GGML_LOG_LEVEL_ERROR || (level == GGML_LOG_LEVEL_CONT && inError);
            if (inError) {
                System.err.print((level == GGML_LOG_LEVEL_ERROR ? "llama.cpp: " : "") + text.reinterpret(Long.MAX_VALUE).getString(0));
            }
        } catch (Throwable ignored) {
            // Nothing safe left to do with a message that cannot be printed.
        }
    }
}
