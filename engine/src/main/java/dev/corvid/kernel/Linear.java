package dev.corvid.kernel;

/**
 * A projection {@code y = W x + b}: a weight matrix and an optional bias (qwen2's q/k/v biases;
 * llama files may carry others), added after the product as ggml does.
 *
 * @param bias {@code weight.rows()} floats, or null when the model has no bias here
 */
public record Linear(WeightMatrix weight, float[] bias) {

    public Linear {
        if (bias != null && bias.length != weight.rows()) {
            throw new IllegalArgumentException("bias of " + bias.length + " for " + weight.rows() + " outputs");
        }
    }

    public int inputSize() {
        return weight.cols();
    }

    public int outputSize() {
        return weight.rows();
    }

    /** Adds the bias (if any) to each of the {@code nTokens} output rows of {@code out}. */
    void addBias(float[] out, int nTokens) {
        if (bias != null) {
            int n = bias.length;
            for (int t = 0; t < nTokens; t++) {
                for (int i = 0; i < n; i++) {
                    out[t * n + i] += bias[i];
                }
            }
        }
    }
}
