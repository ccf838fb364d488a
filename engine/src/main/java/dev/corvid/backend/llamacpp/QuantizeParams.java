package dev.corvid.backend.llamacpp;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static dev.corvid.backend.llamacpp.Structs.BOOL;
import static dev.corvid.backend.llamacpp.Structs.SIZE_T;
import static dev.corvid.backend.llamacpp.Structs.padding;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code llama_model_quantize_params} of llama.h v0.5.0 (enums are C ints); offsets tested against the header. */
final class QuantizeParams {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("nthread"),
            JAVA_INT.withName("ftype"),
            JAVA_INT.withName("output_tensor_type"),
            JAVA_INT.withName("token_embedding_type"),
            BOOL.withName("allow_requantize"),
            BOOL.withName("quantize_output_tensor"),
            BOOL.withName("only_copy"),
            BOOL.withName("pure"),
            BOOL.withName("keep_split"),
            BOOL.withName("dry_run"),
            padding(2),
            ADDRESS.withName("imatrix"),
            ADDRESS.withName("kv_overrides"),
            ADDRESS.withName("tt_overrides"),
            ADDRESS.withName("prune_layers"),
            SIZE_T.withName("max_buf_size"));

    private QuantizeParams() {
    }

    /** Sets the target file type and thread count on llama.cpp's default parameters. */
    static void apply(MemorySegment params, LlamaFileType type, int threads) {
        params.set(JAVA_INT, Structs.offset(LAYOUT, "ftype"), type.code());
        params.set(JAVA_INT, Structs.offset(LAYOUT, "nthread"), threads);
    }
}
