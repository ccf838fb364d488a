package dev.corvid.backend.llamacpp;

/** Which llama.cpp numerics a context runs with. */
public enum LlamaSettings {
    /**
     * The settings of the shared goldens (golden/README.md): F32 key/value cache, flash attention off,
     * no weight repacking, tensors validated at load. Reproduces the golden logits.
     */
    REFERENCE,
    /**
     * llama.cpp's own defaults, as {@code llama-bench} runs them: F16 cache, flash attention when it
     * helps, repacked weights. The speed to compare with.
     */
    LLAMA_DEFAULTS
}
