package dev.corvid.kernel;

/**
 * A per-thread float buffer that only grows: kernels on pool threads get working space without
 * allocating once the largest batch has been seen.
 */
final class Scratch {
    private final ThreadLocal<float[]> buffers = ThreadLocal.withInitial(() -> new float[0]);

    /** This thread's buffer, at least {@code n} floats long; its contents are undefined. */
    float[] atLeast(int n) {
        float[] buffer = buffers.get();
        if (buffer.length < n) {
            buffer = new float[n];
            buffers.set(buffer);
        }
        return buffer;
    }
}
