package dev.corvid.quantize;

import dev.corvid.gguf.GgufArray;
import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufValueType;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.gguf.TensorDequantizer;
import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hyperparameters, tensor names and tensor shapes that used to crash the quantizer obscurely. */
class HostileShapesTest {
    @TempDir
    Path tmp;

    private static GgufMetadata metadata(Map<String, GgufValue> extra) {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.ofString("llama"));
        m.put("llama.block_count", GgufValue.ofUInt32(2));
        m.putAll(extra);
        return new GgufMetadata("hostile.gguf", m);
    }

    private static void refused(Map<String, GgufValue> extra, String... expectedParts) {
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> ModelShape.of(metadata(extra)));
        assertTrue(e.getMessage().startsWith("hostile.gguf: "), e.getMessage());
        for (String part : expectedParts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void perLayerHeadCountsMustHaveOneEntryPerLayer() {
        refused(Map.of("llama.attention.head_count", GgufValue.ofArray(GgufArray.ofInt32(new int[0]))),
                "llama.attention.head_count", "0 entries for 2 layers");
        refused(Map.of("llama.attention.head_count_kv", GgufValue.ofArray(GgufArray.ofInt32(new int[] {2, 2, 2}))),
                "llama.attention.head_count_kv", "3 entries for 2 layers");
        assertEquals(new ModelShape("llama", 2, 8, 8, 0),
                ModelShape.of(metadata(Map.of("llama.attention.head_count", GgufValue.ofArray(GgufArray.ofInt32(new int[] {8, 4}))))));
    }

    @Test
    void arrayElementsThatAreNoIntsNameFileAndKey() {
        refused(Map.of("llama.attention.head_count", GgufValue.ofArray(
                        GgufArray.ofIntegers(GgufValueType.UINT64, new long[] {1L << 40, 1}))),
                "llama.attention.head_count", "does not fit");
        refused(Map.of("llama.attention.head_count", GgufValue.ofArray(GgufArray.ofStrings(new String[] {"8", "8"}))),
                "llama.attention.head_count", "ARRAY of STRING");
    }

    @Test
    void negativeCountsAreRefused() {
        refused(Map.of("llama.block_count", GgufValue.ofInt32(-1)), "llama.block_count", "negative");
        refused(Map.of("llama.attention.head_count", GgufValue.ofInt32(-8)), "llama.attention.head_count", "negative");
        refused(Map.of("llama.expert_count", GgufValue.ofInt32(-2)), "llama.expert_count", "negative");
    }

    @Test
    void layerNumbersOfAnyLengthSaturate() {
        assertEquals(12, TensorTypeRules.layerOf("blk.12.attn_q.weight"));
        assertEquals(12, TensorTypeRules.layerOf("blk.0000000000000000012.attn_q.weight"));
        assertEquals(-3, TensorTypeRules.layerOf("blk.-3.attn_q.weight"));
        assertEquals(Integer.MAX_VALUE, TensorTypeRules.layerOf("blk.2147483648.attn_q.weight"));
        assertEquals(Integer.MAX_VALUE, TensorTypeRules.layerOf("blk.99999999999999999999999.ffn_down.weight"));
        assertEquals(Integer.MIN_VALUE, TensorTypeRules.layerOf("blk.-99999999999999999999999.ffn_down.weight"));
        assertEquals(-1, TensorTypeRules.layerOf("token_embd.weight"));
    }

    /** An expert model's ffn_down takes its layer from the name: one beyond the int range is refused, naming the file. */
    @Test
    void hugeLayerNumbersInAFileAreRefusedWithItsName() throws Exception {
        Path file = tmp.resolve("experts.gguf");
        GgufWriter w = new GgufWriter()
                .put("general.architecture", GgufValue.ofString("llama"))
                .put("llama.block_count", GgufValue.ofUInt32(1))
                .put("llama.expert_count", GgufValue.ofUInt32(2));
        w.addTensor("blk.99999999999999999999.ffn_down.weight", GgmlType.F32, new long[] {32, 2},
                MemorySegment.ofArray(new byte[32 * 2 * 4]));
        w.write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            GgufFormatException e = assertThrows(GgufFormatException.class,
                    () -> QuantizationPlan.of(gguf, FileType.Q4_K_M));
            assertTrue(e.getMessage().startsWith("experts.gguf: ") && e.getMessage().contains("blk.99999999999999999999"),
                    e.getMessage());
        }
    }

    /** Tensors without values are planned and written like any other; converting one does nothing. */
    @Test
    void emptyTensorsAreQuantized() throws Exception {
        Path source = tmp.resolve("empty-rows.gguf");
        try (GgufFile base = GgufFile.open(SharedAssets.models().resolve("stories260K.gguf"))) {
            GgufWriter w = GgufWriter.copyOf(base);
            w.addTensor("blk.0.extra_a.weight", GgmlType.F32, new long[] {0, 64}, MemorySegment.ofArray(new byte[0]));
            w.addTensor("blk.0.extra_b.weight", GgmlType.F32, new long[] {64, 0}, MemorySegment.ofArray(new byte[0]));
            w.write(source);
        }
        Path out = tmp.resolve("empty-rows.Q8_0.gguf");
        try (GgufFile in = GgufFile.open(source)) {
            QuantizationPlan plan = QuantizationPlan.of(in, FileType.Q8_0);
            assertEquals(GgmlType.Q8_0, plan.entry("blk.0.extra_a.weight").target());
            assertEquals(GgmlType.Q8_0, plan.entry("blk.0.extra_b.weight").target());
            ModelQuantizer.quantize(in, plan, out, ModelQuantizer.Options.threads(2));
        }
        try (GgufFile q = GgufFile.open(out)) {
            for (String name : List.of("blk.0.extra_a.weight", "blk.0.extra_b.weight")) {
                GgufTensor t = q.tensor(name);
                assertEquals(GgmlType.Q8_0, t.type(), name);
                assertEquals(0, t.byteSize(), name);
            }
            assertArrayEquals(new long[] {64, 0}, q.tensor("blk.0.extra_b.weight").shape());
            assertEquals(64 * 64, TensorDequantizer.toFloats(q.tensor("blk.0.attn_q.weight")).length);
        }
    }
}
