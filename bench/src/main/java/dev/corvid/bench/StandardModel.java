package dev.corvid.bench;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.kernel.RandomBlocks;
import dev.corvid.quant.GgmlType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a model of Qwen2.5-0.5B's shape and Q4_K_M tensor types with random valid blocks: the
 * benchmark fixture for "llama.cpp's speed" (24 layers, width 896, FFN 4864, 14 query / 2 key-value
 * heads, vocabulary 151936; F32 121, Q5_0 132, Q8_0 13, Q4_K 12, Q6_K 12 tensors). The types follow
 * llama.cpp's Q4_K_M choices where rows of 896 cannot hold 256-value K blocks: Q4_K falls back to
 * Q5_0, Q6_K to Q8_0; ffn_down (rows of 4864) is Q6_K in the layers llama.cpp gives more bits, else
 * Q4_K. Its answers are noise; its speed is the real model's. Vocabulary metadata comes from
 * {@code ggml-vocab-qwen2.gguf}.
 *
 * <pre>
 * java ... dev.corvid.bench.StandardModel ../shared/vocab/ggml-vocab-qwen2.gguf bench/target/qwen2-0.5b-shape.Q4_K_M.gguf
 * </pre>
 */
public final class StandardModel {
    private static final int LAYERS = 24;
    private static final int WIDTH = 896;
    private static final int FFN = 4864;
    private static final int HEADS = 14;
    private static final int KV_HEADS = 2;
    private static final int HEAD_DIM = WIDTH / HEADS;
    private static final int VOCABULARY = 151936;

    private StandardModel() {
    }

    public static void main(String[] args) throws IOException {
        Path vocabulary = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        GgufWriter w = new GgufWriter();
        try (GgufFile vocab = GgufFile.open(vocabulary)) {
            for (Map.Entry<String, GgufValue> e : vocab.metadata().asMap().entrySet()) {
                if (e.getKey().startsWith("tokenizer.")) {
                    w.put(e.getKey(), e.getValue());
                }
            }
            w.put("general.architecture", GgufValue.ofString("qwen2"));
            w.put("general.name", GgufValue.ofString("qwen2.5-0.5b shape, random Q4_K_M blocks (benchmark fixture)"));
            w.put("qwen2.block_count", GgufValue.ofUInt32(LAYERS));
            w.put("qwen2.context_length", GgufValue.ofUInt32(32768));
            w.put("qwen2.embedding_length", GgufValue.ofUInt32(WIDTH));
            w.put("qwen2.feed_forward_length", GgufValue.ofUInt32(FFN));
            w.put("qwen2.attention.head_count", GgufValue.ofUInt32(HEADS));
            w.put("qwen2.attention.head_count_kv", GgufValue.ofUInt32(KV_HEADS));
            w.put("qwen2.rope.freq_base", GgufValue.ofFloat32(1e6f));
            w.put("qwen2.attention.layer_norm_rms_epsilon", GgufValue.ofFloat32(1e-6f));
            long seed = 1;
            matrix(w, "token_embd.weight", GgmlType.Q8_0, VOCABULARY, WIDTH, seed++);
            vector(w, "output_norm.weight", WIDTH, 1f, 0f, seed++);
            int kvDim = KV_HEADS * HEAD_DIM;
            for (int i = 0; i < LAYERS; i++) {
                String b = "blk." + i + ".";
                boolean moreBits = i < LAYERS / 8 || i >= 7 * LAYERS / 8 || (i - LAYERS / 8) % 3 == 2;
                vector(w, b + "attn_norm.weight", WIDTH, 1f, 0.05f, seed++);
                vector(w, b + "ffn_norm.weight", WIDTH, 1f, 0.05f, seed++);
                matrix(w, b + "attn_q.weight", GgmlType.Q5_0, WIDTH, WIDTH, seed++);
                vector(w, b + "attn_q.bias", WIDTH, 0f, 0.02f, seed++);
                matrix(w, b + "attn_k.weight", GgmlType.Q5_0, kvDim, WIDTH, seed++);
                vector(w, b + "attn_k.bias", kvDim, 0f, 0.02f, seed++);
                matrix(w, b + "attn_v.weight", moreBits ? GgmlType.Q8_0 : GgmlType.Q5_0, kvDim, WIDTH, seed++);
                vector(w, b + "attn_v.bias", kvDim, 0f, 0.02f, seed++);
                matrix(w, b + "attn_output.weight", GgmlType.Q5_0, WIDTH, WIDTH, seed++);
                matrix(w, b + "ffn_gate.weight", GgmlType.Q5_0, FFN, WIDTH, seed++);
                matrix(w, b + "ffn_up.weight", GgmlType.Q5_0, FFN, WIDTH, seed++);
                matrix(w, b + "ffn_down.weight", moreBits ? GgmlType.Q6_K : GgmlType.Q4_K, WIDTH, FFN, seed++);
            }
            w.write(out);
        }
        System.out.println("wrote " + out + " (" + Files.size(out) / (1 << 20) + " MiB)");
    }

    private static void matrix(GgufWriter w, String name, GgmlType type, int rows, int cols, long seed) {
        w.addTensor(name, type, new long[] {cols, rows}, RandomBlocks.of(type, (long) rows * cols, seed));
    }

    /** A float vector of {@code mean + N(0, spread^2)} values: norms near 1, biases near 0. */
    private static void vector(GgufWriter w, String name, int n, float mean, float spread, long seed) {
        MemorySegment data = Arena.ofAuto().allocate(4L * n);
        java.util.Random random = new java.util.Random(seed);
        ValueLayout.OfFloat le = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            data.set(le, 4L * i, mean + spread * (float) random.nextGaussian());
        }
        w.addTensor(name, GgmlType.F32, new long[] {n}, data);
    }
}
