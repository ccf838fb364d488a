package dev.corvid.backend.llamacpp;

import dev.corvid.backend.BackendOptions;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static dev.corvid.backend.llamacpp.Structs.BOOL;
import static dev.corvid.backend.llamacpp.Structs.SIZE_T;
import static dev.corvid.backend.llamacpp.Structs.padding;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct llama_context_params} of llama.h v0.5.0 (enums are C ints); offsets tested against the header. */
final class ContextParams {
    /** {@code GGML_TYPE_F32} of ggml.h. */
    private static final int GGML_TYPE_F32 = 0;
    /** {@code LLAMA_FLASH_ATTN_TYPE_DISABLED}. */
    private static final int FLASH_ATTN_DISABLED = 0;

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("n_ctx"),
            JAVA_INT.withName("n_batch"),
            JAVA_INT.withName("n_ubatch"),
            JAVA_INT.withName("n_seq_max"),
            JAVA_INT.withName("n_rs_seq"),
            JAVA_INT.withName("n_outputs_max"),
            JAVA_INT.withName("n_outputs_max_per_seq"),
            JAVA_INT.withName("n_threads"),
            JAVA_INT.withName("n_threads_batch"),
            JAVA_INT.withName("ctx_type"),
            JAVA_INT.withName("rope_scaling_type"),
            JAVA_INT.withName("pooling_type"),
            JAVA_INT.withName("attention_type"),
            JAVA_INT.withName("flash_attn_type"),
            JAVA_FLOAT.withName("rope_freq_base"),
            JAVA_FLOAT.withName("rope_freq_scale"),
            JAVA_FLOAT.withName("yarn_ext_factor"),
            JAVA_FLOAT.withName("yarn_attn_factor"),
            JAVA_FLOAT.withName("yarn_beta_fast"),
            JAVA_FLOAT.withName("yarn_beta_slow"),
            JAVA_INT.withName("yarn_orig_ctx"),
            JAVA_FLOAT.withName("defrag_thold"),
            ADDRESS.withName("cb_eval"),
            ADDRESS.withName("cb_eval_user_data"),
            JAVA_INT.withName("type_k"),
            JAVA_INT.withName("type_v"),
            ADDRESS.withName("abort_callback"),
            ADDRESS.withName("abort_callback_data"),
            BOOL.withName("embeddings"),
            BOOL.withName("offload_kqv"),
            BOOL.withName("no_perf"),
            BOOL.withName("op_offload"),
            BOOL.withName("swa_full"),
            BOOL.withName("kv_unified"),
            padding(2),
            ADDRESS.withName("samplers"),
            SIZE_T.withName("n_samplers"),
            ADDRESS.withName("ctx_other"));

    private ContextParams() {
    }

    /**
     * Applies {@code options} to {@code params} (llama.cpp's defaults): one sequence, {@code n_ubatch =
     * n_batch} so a batch is one graph, and for the reference settings the goldens' F32 cache without
     * flash attention.
     */
    static void apply(MemorySegment params, BackendOptions options, LlamaSettings settings) {
        set(params, "n_ctx", options.contextLength());
        set(params, "n_batch", options.batchSize());
        set(params, "n_ubatch", options.batchSize());
        set(params, "n_seq_max", 1);
        set(params, "n_threads", options.threads());
        set(params, "n_threads_batch", options.threads());
        if (settings == LlamaSettings.REFERENCE) {
            set(params, "type_k", GGML_TYPE_F32);
            set(params, "type_v", GGML_TYPE_F32);
            set(params, "flash_attn_type", FLASH_ATTN_DISABLED);
            params.set(BOOL, Structs.offset(LAYOUT, "offload_kqv"), false);
            params.set(BOOL, Structs.offset(LAYOUT, "op_offload"), false);
        }
    }

    private static void set(MemorySegment params, String field, int value) {
        params.set(JAVA_INT, Structs.offset(LAYOUT, field), value);
    }
}
