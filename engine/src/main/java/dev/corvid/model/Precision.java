package dev.corvid.model;

/** How a model's weights are held and multiplied; chosen once, at load. */
public enum Precision {
    /**
     * Every weight dequantized to float32 at load, all arithmetic in float32: the reference
     * (test oracle), reproducing llama.cpp's float runs to about 1e-5. Needs 4 bytes per weight.
     */
    PRECISE,
    /**
     * Weights stay in their file encoding (memory-mapped) and are dequantized on the fly by vector
     * kernels (fused dequantize-and-dot for one token, decoded row tiles times token blocks for a
     * batch). Differs from {@link #PRECISE} only by float rounding (summation order, fused
     * multiply-adds); llama.cpp's own quantized runs differ more, since they also quantize the
     * activations.
     */
    FAST
}
