package dev.corvid.model;

/** How a model's weights are held and multiplied; chosen once, at load. */
public enum Precision {
    /**
     * Every weight dequantized to float32 at load, all arithmetic in float32: the reference
     * (test oracle), reproducing llama.cpp's float runs to about 1e-5. Needs 4 bytes per weight.
     */
    PRECISE,
    /**
     * Weights stay in their file encoding (memory-mapped) and are decoded row by row during each
     * product. Differs from {@link #PRECISE} only by float summation order; llama.cpp's own quantized
     * runs differ more, since they also quantize the activations.
     */
    FAST
}
