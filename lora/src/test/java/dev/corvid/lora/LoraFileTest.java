package dev.corvid.lora;

import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.Model;
import dev.corvid.model.Precision;
import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter GGUF: round trips in every supported type, and an error naming file and tensor for each defect. */
class LoraFileTest {
    private static final Path QWEN = SharedAssets.models().resolve("synth-qwen2-256x2.F16.gguf");

    @TempDir
    Path dir;

    @Test
    void aSavedAdapterReloadsBitIdentically() throws IOException {
        Path shipped = LoraGoldenCase.adapterFile("synth-qwen2-256x2.lora-r8.f16");
        LoraAdapter f16 = LoraAdapter.load(shipped);
        Path copy = dir.resolve("copy.gguf");
        f16.save(copy);
        assertSameValues(f16, LoraAdapter.load(copy));
        assertArrayEquals(Files.readAllBytes(copy), resaved(copy), "saving a loaded adapter again gives the same bytes");
    }

    @Test
    void bf16AndQ8_0FactorsReloadAsWrittenAndRunLikeTheirF32Values() throws IOException {
        LoraAdapter f32 = LoraAdapter.load(LoraGoldenCase.adapterFile("synth-qwen2-256x2.lora-r8"));
        // lora_b rows hold rank (8) values: too short for Q8_0's 32-value blocks, so B stays BF16 there.
        for (LoraAdapter typed : List.of(f32.withTypes(GgmlType.BF16, GgmlType.BF16),
                f32.withTypes(GgmlType.Q8_0, GgmlType.BF16))) {
            Path file = dir.resolve(typed.weights().getFirst().aType() + ".gguf");
            typed.save(file);
            LoraAdapter reloaded = LoraAdapter.load(file);
            assertSameValues(typed, reloaded);
            assertArrayEquals(Files.readAllBytes(file), resaved(file));
            try (Model model = Model.load(QWEN, Precision.PRECISE)) {
                int[] tokens = {1, 22, 333, 4000};
                float[] fromFile = logits(model, LoraStack.of(model, List.of(reloaded.scaled(1f))), tokens);
                float[] asF32 = logits(model, LoraStack.of(model, List.of(reloaded.withTypes(GgmlType.F32, GgmlType.F32)
                        .scaled(1f))), tokens);
                assertArrayEquals(asF32, fromFile, "a typed adapter computes with its decoded values");
            }
        }
        assertTrue(assertThrows(GgufFormatException.class, () -> f32.withTypes(GgmlType.F32, GgmlType.Q8_0))
                .getMessage().contains("blocks"));
    }

    @Test
    void aScaleOfZeroRunsTheBareModelBitForBit() throws IOException {
        LoraAdapter r8 = LoraAdapter.load(LoraGoldenCase.adapterFile("synth-qwen2-256x2.lora-r8"));
        try (Model model = Model.load(QWEN, Precision.FAST)) {
            int[] tokens = {1, 22, 333, 4000};
            assertArrayEquals(logits(model, null, tokens), logits(model, LoraStack.of(model, List.of(r8.scaled(0f))), tokens));
        }
    }

    @Test
    void refusesANonAdapterGguf() {
        String message = assertThrows(GgufFormatException.class, () -> LoraAdapter.load(QWEN)).getMessage();
        assertTrue(message.contains("synth-qwen2-256x2.F16.gguf") && message.contains("general.type"), message);
    }

    @Test
    void refusesAnUnexpectedSuffixButSkipsNorms() throws IOException {
        Path norms = write("norms.gguf", w -> addVector(w, "blk.0.attn_norm.weight", 256));
        assertEquals(1, LoraAdapter.load(norms).weights().size());
        Path odd = write("odd.gguf", w -> addVector(w, "blk.0.attn_q.weight.lora_c", 256));
        String message = assertThrows(GgufFormatException.class, () -> LoraAdapter.load(odd)).getMessage();
        assertTrue(message.contains("odd.gguf") && message.contains("blk.0.attn_q.weight.lora_c"), message);
    }

    @Test
    void refusesARankMismatchAndAMissingHalf() throws IOException {
        Path mismatch = write("mismatch.gguf", w -> {
            addMatrix(w, "blk.0.attn_v.weight.lora_a", 256, 4);
            addMatrix(w, "blk.0.attn_v.weight.lora_b", 8, 128);
        });
        String message = assertThrows(GgufFormatException.class, () -> LoraAdapter.load(mismatch)).getMessage();
        assertTrue(message.contains("mismatch.gguf") && message.contains("rank mismatch")
                && message.contains("blk.0.attn_v.weight"), message);
        Path half = write("half.gguf", w -> addMatrix(w, "blk.1.attn_v.weight.lora_a", 256, 4));
        message = assertThrows(GgufFormatException.class, () -> LoraAdapter.load(half)).getMessage();
        assertTrue(message.contains("blk.1.attn_v.weight") && message.contains(".lora_b"), message);
    }

    @Test
    void refusesAnotherArchitectureAMissingTargetAndAnotherShape() throws IOException {
        LoraAdapter r1 = LoraAdapter.load(LoraGoldenCase.adapterFile("synth-qwen2-256x2.lora-r1"));
        LoraWeights q = r1.weights("blk.0.attn_q.weight").orElseThrow();
        try (Model model = Model.load(QWEN, Precision.FAST)) {
            assertRefused(model, new LoraAdapter("llama.gguf", "llama", 1, List.of(q)), "architecture 'llama'");
            assertRefused(model, retargeted(q, "blk.7.attn_q.weight"), "'blk.7.attn_q.weight' does not exist");
            assertRefused(model, retargeted(q, "output.weight"), "'output.weight' does not exist");
            assertRefused(model, retargeted(q, "blk.0.attn_k.weight"), "'blk.0.attn_k.weight' has shape [256, 128]");
            assertRefused(model, retargeted(q, "token_embd.weight"), "token embeddings");
        }
    }

    /** An adapter without a single pair used to load, and `corvid lora info` then printed "null". */
    @Test
    void refusesAnAdapterWithoutLoraTensors() throws IOException {
        for (boolean withNorm : new boolean[] {false, true}) {
            GgufWriter w = new GgufWriter();
            w.put("general.type", GgufValue.ofString("adapter"));
            w.put("general.architecture", GgufValue.ofString("qwen2"));
            w.put("adapter.type", GgufValue.ofString("lora"));
            if (withNorm) {
                addVector(w, "blk.0.attn_norm.weight", 256);
            }
            Path file = dir.resolve("empty-" + withNorm + ".gguf");
            w.write(file);
            String message = assertThrows(GgufFormatException.class, () -> LoraAdapter.load(file)).getMessage();
            assertTrue(message.contains(file.getFileName().toString()) && message.contains("no LoRA tensors"), message);
        }
    }

    /** Factors with a dimension of 0 used to reach LoraWeights as an IllegalArgumentException without the file. */
    @Test
    void refusesEmptyFactors() throws IOException {
        Path rank0 = write("rank0.gguf", w -> {
            addMatrix(w, "blk.0.attn_k.weight.lora_a", 256, 0);
            addMatrix(w, "blk.0.attn_k.weight.lora_b", 0, 128);
        });
        Path inputs0 = write("inputs0.gguf", w -> {
            addMatrix(w, "blk.0.attn_k.weight.lora_a", 0, 2);
            addMatrix(w, "blk.0.attn_k.weight.lora_b", 2, 128);
        });
        Path outputs0 = write("outputs0.gguf", w -> {
            addMatrix(w, "blk.0.attn_k.weight.lora_a", 256, 2);
            addMatrix(w, "blk.0.attn_k.weight.lora_b", 2, 0);
        });
        for (Path file : List.of(rank0, inputs0, outputs0)) {
            String message = assertThrows(GgufFormatException.class, () -> LoraAdapter.load(file)).getMessage();
            assertTrue(message.contains(file.getFileName().toString()) && message.contains("'blk.0.attn_k.weight'")
                    && message.contains("empty"), message);
        }
    }

    @Test
    void layerNumbersOfAnyLengthParse() {
        assertEquals(new LoraTarget(3, dev.corvid.model.Projection.FFN_UP),
                LoraTarget.parse("blk.3.ffn_up.weight").orElseThrow());
        assertEquals(new LoraTarget(3, dev.corvid.model.Projection.FFN_UP),
                LoraTarget.parse("blk.0003.ffn_up.weight").orElseThrow());
        assertEquals(Integer.MAX_VALUE, LoraTarget.parse("blk.2147483648.ffn_up.weight").orElseThrow().layer());
        assertEquals(Integer.MAX_VALUE,
                LoraTarget.parse("blk.123456789012345678901234567890.ffn_up.weight").orElseThrow().layer());
    }

    /**
     * A base file may hold tensors of layers beyond its block_count; an adapter targeting one used to fail
     * with an IndexOutOfBoundsException when attached.
     */
    @Test
    void refusesTargetsBeyondTheModelsLayers() throws IOException {
        Path base = dir.resolve("extra-layers.gguf");
        try (dev.corvid.gguf.GgufFile qwen = dev.corvid.gguf.GgufFile.open(QWEN)) {
            GgufWriter w = GgufWriter.copyOf(qwen);
            addMatrix(w, "blk.2.attn_q.weight", 256, 256);
            addMatrix(w, "blk.99999999999.attn_q.weight", 256, 256);
            w.write(base);
        }
        LoraAdapter r1 = LoraAdapter.load(LoraGoldenCase.adapterFile("synth-qwen2-256x2.lora-r1"));
        LoraWeights q = r1.weights("blk.0.attn_q.weight").orElseThrow();
        try (Model model = Model.load(base, Precision.FAST)) {
            assertEquals(2, model.config().layerCount());
            for (String target : List.of("blk.2.attn_q.weight", "blk.99999999999.attn_q.weight")) {
                String message = assertThrows(IncompatibleAdapterException.class,
                        () -> LoraStack.of(model, List.of(retargeted(q, target).scaled(1f)))).getMessage();
                assertTrue(message.contains("'" + target + "'") && message.contains("test.gguf")
                        && message.contains("extra-layers.gguf") && message.contains("2 layers"), message);
            }
            LoraStack.of(model, List.of(retargeted(q, "blk.1.attn_q.weight").scaled(1f)));
        }
    }

    private static LoraAdapter retargeted(LoraWeights w, String target) {
        return new LoraAdapter("test.gguf", "qwen2", 1, List.of(new LoraWeights(target, w.rank(), w.inputs(), w.outputs(),
                w.a(), w.b(), w.aType(), w.bType())));
    }

    private static void assertRefused(Model model, LoraAdapter adapter, String expected) {
        String message = assertThrows(IncompatibleAdapterException.class,
                () -> LoraStack.of(model, List.of(adapter.scaled(1f)))).getMessage();
        assertTrue(message.contains(expected) && message.contains(adapter.source())
                && message.contains("synth-qwen2-256x2.F16.gguf"), message);
    }

    private static float[] logits(Model model, LoraStack stack, int[] tokens) {
        var state = model.newState(tokens.length);
        if (stack != null) {
            state.setAdapter(stack);
        }
        return state.evaluate(tokens, true);
    }

    private static void assertSameValues(LoraAdapter expected, LoraAdapter actual) {
        assertEquals(expected.architecture(), actual.architecture());
        assertEquals(expected.alpha(), actual.alpha());
        assertEquals(expected.weights().size(), actual.weights().size());
        for (int i = 0; i < expected.weights().size(); i++) {
            LoraWeights e = expected.weights().get(i);
            LoraWeights a = actual.weights().get(i);
            assertEquals(List.of(e.target(), e.rank(), e.inputs(), e.outputs(), e.aType(), e.bType()),
                    List.of(a.target(), a.rank(), a.inputs(), a.outputs(), a.aType(), a.bType()));
            assertArrayEquals(e.a(), a.a(), e.target());
            assertArrayEquals(e.b(), a.b(), e.target());
        }
    }

    private byte[] resaved(Path file) throws IOException {
        Path again = dir.resolve("again-" + file.getFileName());
        LoraAdapter.load(file).save(again);
        return Files.readAllBytes(again);
    }

    /** A valid one-pair adapter (blk.0.attn_q, rank 2) with {@code extra} tensors added. */
    private Path write(String name, Consumer<GgufWriter> extra) throws IOException {
        GgufWriter w = new GgufWriter();
        w.put("general.type", GgufValue.ofString("adapter"));
        w.put("general.architecture", GgufValue.ofString("qwen2"));
        w.put("adapter.type", GgufValue.ofString("lora"));
        w.put("adapter.lora.alpha", GgufValue.ofFloat32(4));
        addMatrix(w, "blk.0.attn_q.weight.lora_a", 256, 2);
        addMatrix(w, "blk.0.attn_q.weight.lora_b", 2, 256);
        extra.accept(w);
        Path file = dir.resolve(name);
        w.write(file);
        return file;
    }

    private static void addMatrix(GgufWriter w, String name, int ne0, int ne1) {
        w.addTensor(name, GgmlType.F32, new long[] {ne0, ne1}, Arena.ofAuto().allocate(4L * ne0 * ne1));
    }

    private static void addVector(GgufWriter w, String name, int n) {
        w.addTensor(name, GgmlType.F32, new long[] {n}, Arena.ofAuto().allocate(4L * n));
    }
}
