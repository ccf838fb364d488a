package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

/** The vector kernel of each type; only loaded when {@link VectorSupport#ENABLED}. */
final class VectorKernels {
    private VectorKernels() {
    }

    static RowKernel forType(GgmlType type) {
        return switch (type) {
            case F32 -> new F32Kernel();
            case BF16 -> new BF16Kernel();
            case Q8_0 -> new Q8_0Kernel();
            case Q4_0 -> new Q4_0Kernel();
            case Q4_1 -> new Q4_1Kernel();
            case Q5_0 -> new Q5_0Kernel();
            case Q5_1 -> new Q5_1Kernel();
            case Q4_K -> new Q4_KKernel();
            case Q5_K -> new Q5_KKernel();
            case Q6_K -> new Q6_KKernel();
            default -> new DecodingKernel(type);
        };
    }
}
