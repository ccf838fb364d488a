package dev.corvid.model;

import dev.corvid.kernel.RopeStyle;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The model families Corvid runs, named as in {@code general.architecture}, with what sets them
 * apart. Llama and Qwen2 share one forward pass (pre-norm decoder, RMSNorm, RoPE, grouped-query
 * attention, SwiGLU); they differ in how RoPE pairs dimensions, and Qwen2 files carry q/k/v biases,
 * which the loader picks up wherever a file has them.
 */
public enum Architecture {
    LLAMA("llama", RopeStyle.NORMAL),
    QWEN2("qwen2", RopeStyle.NEOX);

    private final String ggufName;
    private final RopeStyle ropeStyle;

    Architecture(String ggufName, RopeStyle ropeStyle) {
        this.ggufName = ggufName;
        this.ropeStyle = ropeStyle;
    }

    /** The {@code general.architecture} value, also the prefix of the family's metadata keys. */
    public String ggufName() {
        return ggufName;
    }

    public RopeStyle ropeStyle() {
        return ropeStyle;
    }

    /** The architecture called {@code name} in a GGUF file; {@code source} names the file in errors. */
    public static Architecture named(String name, String source) {
        for (Architecture a : values()) {
            if (a.ggufName.equals(name)) {
                return a;
            }
        }
        throw new UnsupportedModelException(source + ": architecture '" + name + "' is not supported (supported: "
                + Arrays.stream(values()).map(Architecture::ggufName).collect(Collectors.joining(", ")) + ")");
    }
}
