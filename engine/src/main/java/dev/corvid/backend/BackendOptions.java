package dev.corvid.backend;

/**
 * How a backend sizes its sequence and how many threads it computes with.
 *
 * <pre>{@code
 * BackendOptions options = new BackendOptions(2048, 512, 2);
 * }</pre>
 *
 * @param contextLength the most positions a sequence holds; 0 takes the model's training context
 * @param batchSize     the most tokens one {@link InferenceBackend#evaluate} call accepts
 * @param threads       the compute threads
 */
public record BackendOptions(int contextLength, int batchSize, int threads) {

    /** The model's own context, batches of 512 and one thread: the settings of llama.cpp's goldens. */
    public static final BackendOptions DEFAULT = new BackendOptions(0, 512, 1);

    public BackendOptions {
        if (contextLength < 0 || batchSize <= 0 || threads <= 0) {
            throw new IllegalArgumentException("need contextLength >= 0, batchSize > 0 and threads > 0: "
                    + contextLength + ", " + batchSize + ", " + threads);
        }
    }
}
