package dev.corvid.quant;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.gguf.TensorDequantizer;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every tensor of every shared file llama.cpp quantized from a float source we have, encoded by Corvid
 * from that source to the type llama.cpp chose, must give llama.cpp's bytes exactly. The sources:
 * {@code stories260K.gguf} (F32) and {@code synth-qwen2-256x2.F16.gguf}, whose F16 weights dequantize to
 * the F32 master llama.cpp quantized (models/README.md).
 */
class EncodeAgainstLlamaCppTest {

    /** The shared quantized file {@code name} was made from this source, or null when it is not ours to check. */
    static String sourceOf(String name) {
        if (name.startsWith("stories260K.") && !name.equals("stories260K.gguf")) {
            return "stories260K.gguf";
        }
        if (name.startsWith("synth-qwen2-256x2.") && !name.equals("synth-qwen2-256x2.F16.gguf")) {
            return "synth-qwen2-256x2.F16.gguf";
        }
        return null;
    }

    @Test
    void everyTensorEncodesToLlamaCppBytes() throws Exception {
        Map<GgmlType, Integer> identical = new EnumMap<>(GgmlType.class);
        List<String> different = new ArrayList<>();
        for (Path model : SharedAssets.ggufFiles("models")) {
            String name = model.getFileName().toString();
            String source = sourceOf(name);
            if (source == null) {
                continue;
            }
            try (GgufFile src = GgufFile.open(SharedAssets.models().resolve(source));
                 GgufFile quantized = GgufFile.open(model);
                 Arena arena = Arena.ofConfined()) {
                for (GgufTensor t : quantized.tensors()) {
                    float[] x = TensorDequantizer.toFloats(src.tensor(t.name()));
                    MemorySegment out = arena.allocate(t.byteSize());
                    t.type().quantize(x, 0, out, 0, x.length);
                    if (out.mismatch(t.data()) < 0) {
                        identical.merge(t.type(), 1, Integer::sum);
                    } else {
                        different.add(name + " " + t);
                    }
                }
            }
        }
        assertEquals(List.of(), different);
        // every type llama.cpp used in the shared files was checked, as often as it appears there
        assertEquals("{F32=176, F16=52, Q4_0=45, Q4_1=14, Q5_0=43, Q5_1=14, Q8_0=51, Q2_K=8, Q3_K=14, Q4_K=28, "
                + "Q5_K=16, Q6_K=28, BF16=37}", identical.toString());
    }
}
