package dev.corvid.lora;

/**
 * An adapter with the strength it is applied at: the user scale of llama.cpp's
 * {@code llama_set_adapters_lora}, multiplied by {@code alpha / rank} to give each weight's effective scale.
 */
public record ScaledLora(LoraAdapter adapter, float scale) {
    public ScaledLora {
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("LoRA scale must be finite, got " + scale);
        }
    }
}
