package dev.corvid.quantize;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Type choice depends only on names, shapes, hyperparameters and the file type, so the plan computed
 * from a file llama.cpp quantized must reproduce that file's tensor types and order exactly.
 */
class QuantizationPlanTest {

    @Test
    void everySharedQuantizedFileGetsLlamaCppsTypesInLlamaCppsOrder() throws Exception {
        int files = 0;
        for (Path model : SharedAssets.ggufFiles("models")) {
            try (GgufFile gguf = GgufFile.open(model)) {
                if (!gguf.metadata().contains("general.file_type")) {
                    continue; // a converter's output, not a quantization
                }
                FileType fileType = FileType.byId(gguf.metadata().getLong("general.file_type")).orElseThrow();
                QuantizationPlan plan = QuantizationPlan.of(gguf, fileType);
                List<String> expected = new ArrayList<>();
                for (GgufTensor t : gguf.tensors()) {
                    expected.add(t.name() + " " + t.type());
                }
                List<String> actual = plan.entries().stream().map(e -> e.name() + " " + e.target()).toList();
                assertEquals(expected, actual, model.getFileName().toString());
                files++;
            }
        }
        assertEquals(19, files, "quantized shared files checked");
    }

    @Test
    void fallbacksFollowTheRowLength() {
        assertEquals(GgmlType.Q4_K, TensorTypeRules.fitRowLength(4864, GgmlType.Q4_K));
        assertEquals(GgmlType.Q5_0, TensorTypeRules.fitRowLength(896, GgmlType.Q4_K));
        assertEquals(GgmlType.Q5_1, TensorTypeRules.fitRowLength(896, GgmlType.Q5_K));
        assertEquals(GgmlType.Q8_0, TensorTypeRules.fitRowLength(896, GgmlType.Q6_K));
        assertEquals(GgmlType.Q4_0, TensorTypeRules.fitRowLength(384, GgmlType.Q3_K));
        assertEquals(GgmlType.Q4_0, TensorTypeRules.fitRowLength(384, GgmlType.Q2_K));
        assertEquals(GgmlType.F16, TensorTypeRules.fitRowLength(172, GgmlType.Q4_K));
        assertEquals(GgmlType.F16, TensorTypeRules.fitRowLength(172, GgmlType.Q8_0));
    }

    @Test
    void oneDimensionalTensorsAndNormsAreNeverQuantized() {
        assertFalse(TensorTypeRules.isQuantizable("blk.0.attn_q.bias", new long[] {896}));
        assertFalse(TensorTypeRules.isQuantizable("output_norm.weight", new long[] {896}));
        assertFalse(TensorTypeRules.isQuantizable("blk.0.attn_q.weight", new long[] {896, 1}));
        assertFalse(TensorTypeRules.isQuantizable("blk.0.ffn_gate_inp.weight", new long[] {896, 8}));
        assertTrue(TensorTypeRules.isQuantizable("blk.0.attn_q.weight", new long[] {896, 896}));
    }

    @Test
    void moreBitsGoToTheFirstAndLastEighthAndEveryThirdLayerBetween() {
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            if (TensorTypeRules.moreBits(i, 24)) {
                chosen.add(i);
            }
        }
        assertEquals(List.of(0, 1, 2, 5, 8, 11, 14, 17, 20, 21, 22, 23), chosen);
    }
}
