package dev.corvid.backend.llamacpp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The hand-written FFM layouts against the C compiler's view of llama.h. */
class LlamaStructLayoutsTest {
    /**
     * sizeof and offsetof of every field, as printed by {@code llama_layouts.c} (a test resource beside
     * this class) compiled with gcc 12.2 against llama.cpp v0.5.0's {@code include/llama.h} on x86-64
     * Linux; {@link #theTableIsWhatGccComputes} checks it again whenever gcc and the header are present.
     */
    private static final String HEADER_TABLE = """
            llama_model_params 80
            llama_model_params.devices 0
            llama_model_params.tensor_buft_overrides 8
            llama_model_params.n_gpu_layers 16
            llama_model_params.split_mode 20
            llama_model_params.load_mode 24
            llama_model_params.lazy_mode 28
            llama_model_params.main_gpu 32
            llama_model_params.tensor_split 40
            llama_model_params.progress_callback 48
            llama_model_params.progress_callback_user_data 56
            llama_model_params.kv_overrides 64
            llama_model_params.vocab_only 72
            llama_model_params.check_tensors 73
            llama_model_params.use_extra_bufts 74
            llama_model_params.no_host 75
            llama_model_params.no_alloc 76
            llama_model_params.load_mtp 77
            llama_context_params 160
            llama_context_params.n_ctx 0
            llama_context_params.n_batch 4
            llama_context_params.n_ubatch 8
            llama_context_params.n_seq_max 12
            llama_context_params.n_rs_seq 16
            llama_context_params.n_outputs_max 20
            llama_context_params.n_outputs_max_per_seq 24
            llama_context_params.n_threads 28
            llama_context_params.n_threads_batch 32
            llama_context_params.ctx_type 36
            llama_context_params.rope_scaling_type 40
            llama_context_params.pooling_type 44
            llama_context_params.attention_type 48
            llama_context_params.flash_attn_type 52
            llama_context_params.rope_freq_base 56
            llama_context_params.rope_freq_scale 60
            llama_context_params.yarn_ext_factor 64
            llama_context_params.yarn_attn_factor 68
            llama_context_params.yarn_beta_fast 72
            llama_context_params.yarn_beta_slow 76
            llama_context_params.yarn_orig_ctx 80
            llama_context_params.defrag_thold 84
            llama_context_params.cb_eval 88
            llama_context_params.cb_eval_user_data 96
            llama_context_params.type_k 104
            llama_context_params.type_v 108
            llama_context_params.abort_callback 112
            llama_context_params.abort_callback_data 120
            llama_context_params.embeddings 128
            llama_context_params.offload_kqv 129
            llama_context_params.no_perf 130
            llama_context_params.op_offload 131
            llama_context_params.swa_full 132
            llama_context_params.kv_unified 133
            llama_context_params.samplers 136
            llama_context_params.n_samplers 144
            llama_context_params.ctx_other 152
            llama_model_quantize_params 64
            llama_model_quantize_params.nthread 0
            llama_model_quantize_params.ftype 4
            llama_model_quantize_params.output_tensor_type 8
            llama_model_quantize_params.token_embedding_type 12
            llama_model_quantize_params.allow_requantize 16
            llama_model_quantize_params.quantize_output_tensor 17
            llama_model_quantize_params.only_copy 18
            llama_model_quantize_params.pure 19
            llama_model_quantize_params.keep_split 20
            llama_model_quantize_params.dry_run 21
            llama_model_quantize_params.imatrix 24
            llama_model_quantize_params.kv_overrides 32
            llama_model_quantize_params.tt_overrides 40
            llama_model_quantize_params.prune_layers 48
            llama_model_quantize_params.max_buf_size 56
            llama_batch 56
            llama_batch.n_tokens 0
            llama_batch.token 8
            llama_batch.embd 16
            llama_batch.pos 24
            llama_batch.n_seq_id 32
            llama_batch.seq_id 40
            llama_batch.logits 48
            """;

    private static final Map<String, StructLayout> JAVA_LAYOUTS = Map.of(
            "llama_model_params", ModelParams.LAYOUT,
            "llama_context_params", ContextParams.LAYOUT,
            "llama_model_quantize_params", QuantizeParams.LAYOUT,
            "llama_batch", Batch.LAYOUT);

    @Test
    void javaLayoutsHaveTheHeaderSizesAndOffsets() {
        assertEquals(parse(HEADER_TABLE), javaTable());
    }

    @Test
    void theTableIsWhatGccComputes() throws IOException, InterruptedException {
        Path include = LlamaCppFixture.root().resolve("src/include");
        assumeTrue(Files.isRegularFile(include.resolve("llama.h")), "llama.h not found under " + include);
        Path work = Files.createTempDirectory("llama-layouts");
        Path source = work.resolve("llama_layouts.c");
        try (InputStream in = LlamaStructLayoutsTest.class.getResourceAsStream("llama_layouts.c")) {
            Files.copy(in, source);
        }
        Path binary = work.resolve("llama_layouts");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-std=c11", "-I", include.toString(),
                    "-I", LlamaCppFixture.root().resolve("src/ggml/include").toString(),
                    source.toString(), "-o", binary.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "gcc not available (" + e.getMessage() + "); the table stays as recorded");
            return;
        }
        String gccOutput = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed: " + gccOutput);
        Process run = new ProcessBuilder(binary.toString()).start();
        String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(10, TimeUnit.SECONDS) && run.exitValue() == 0);
        assertEquals(parse(HEADER_TABLE), parse(printed));
    }

    /** The same keys as the C program prints, from the Java layouts: every named member. */
    private static Map<String, Long> javaTable() {
        Map<String, Long> table = new TreeMap<>();
        JAVA_LAYOUTS.forEach((struct, layout) -> {
            table.put(struct, layout.byteSize());
            for (MemoryLayout member : layout.memberLayouts()) {
                member.name().ifPresent(field -> table.put(struct + "." + field,
                        layout.byteOffset(MemoryLayout.PathElement.groupElement(field))));
            }
        });
        return table;
    }

    private static Map<String, Long> parse(String lines) {
        Map<String, Long> table = new TreeMap<>();
        for (String line : lines.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            table.put(parts[0], Long.parseLong(parts[1]));
        }
        return table;
    }
}
