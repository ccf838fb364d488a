package dev.corvid.backend.llamacpp;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static dev.corvid.backend.llamacpp.Structs.BOOL;
import static dev.corvid.backend.llamacpp.Structs.padding;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct llama_model_params} of llama.h v0.5.0 (enums are C ints); offsets tested against the header. */
final class ModelParams {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("devices"),
            ADDRESS.withName("tensor_buft_overrides"),
            JAVA_INT.withName("n_gpu_layers"),
            JAVA_INT.withName("split_mode"),
            JAVA_INT.withName("load_mode"),
            JAVA_INT.withName("lazy_mode"),
            JAVA_INT.withName("main_gpu"),
            padding(4),
            ADDRESS.withName("tensor_split"),
            ADDRESS.withName("progress_callback"),
            ADDRESS.withName("progress_callback_user_data"),
            ADDRESS.withName("kv_overrides"),
            BOOL.withName("vocab_only"),
            BOOL.withName("check_tensors"),
            BOOL.withName("use_extra_bufts"),
            BOOL.withName("no_host"),
            BOOL.withName("no_alloc"),
            BOOL.withName("load_mtp"),
            padding(2));

    private ModelParams() {
    }

    /**
     * Applies {@code settings} to {@code params} (llama.cpp's defaults): CPU only, and for the reference
     * settings the plain ggml kernels (no weight repacking) with tensor validation, as the goldens ran.
     */
    static void apply(MemorySegment params, LlamaSettings settings) {
        params.set(JAVA_INT, Structs.offset(LAYOUT, "n_gpu_layers"), 0);
        if (settings == LlamaSettings.REFERENCE) {
            params.set(BOOL, Structs.offset(LAYOUT, "use_extra_bufts"), false);
            params.set(BOOL, Structs.offset(LAYOUT, "check_tensors"), true);
        }
    }
}
