package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parses every shared GGUF and checks the models against MANIFEST.tsv. */
class SharedFilesTest {

    @Test
    void modelsMatchTheManifest() throws Exception {
        List<String> lines = Files.readAllLines(SharedAssets.models().resolve("MANIFEST.tsv"));
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (!f[5].equals("yes")) {
                continue;
            }
            Path p = SharedAssets.models().resolve(f[0]);
            assertEquals(Long.parseLong(f[1]), Files.size(p), f[0] + " bytes");
            assertEquals(f[2], sha256(Files.readAllBytes(p)), f[0] + " sha256");
            try (GgufFile g = GgufFile.open(p)) {
                assertEquals(f[3], g.metadata().getString("general.architecture"), f[0]);
                Map<String, Integer> counts = new TreeMap<>();
                for (GgufTensor t : g.tensors()) {
                    counts.merge(t.type().name(), 1, Integer::sum);
                }
                StringBuilder sb = new StringBuilder();
                counts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append(':').append(v));
                assertEquals(f[4], sb.toString(), f[0] + " tensor types");
            }
            checked++;
        }
        assertTrue(checked >= 20, "only " + checked + " shipped models checked");
    }

    @Test
    void everySharedGgufParses() throws Exception {
        for (String dir : List.of("models", "vocab", "golden-lora/adapters")) {
            List<Path> files = SharedAssets.ggufFiles(dir);
            assertFalse(files.isEmpty(), dir);
            for (Path p : files) {
                try (GgufFile g = GgufFile.open(p)) {
                    assertEquals(3, g.version(), p.toString());
                    for (GgufTensor t : g.tensors()) {
                        assertEquals(t.type().byteSize(t.elementCount()), t.data().byteSize(), t.name());
                    }
                }
            }
        }
    }

    @Test
    void vocabFilesDeclareTheirTokenizer() throws Exception {
        for (Path p : SharedAssets.ggufFiles("vocab")) {
            try (GgufFile g = GgufFile.open(p)) {
                GgufMetadata m = g.metadata();
                String model = m.getString("tokenizer.ggml.model");
                assertTrue(model.equals("llama") || model.equals("gpt2"), p + ": " + model);
                int tokens = m.getArray("tokenizer.ggml.tokens", GgufValueType.STRING).length();
                assertTrue(tokens > 0, p.toString());
                if (m.contains("tokenizer.ggml.scores")) {
                    assertEquals(tokens, m.getArray("tokenizer.ggml.scores").length(), p + " scores");
                }
                if (model.equals("gpt2")) {
                    assertFalse(m.getString("tokenizer.ggml.pre").isEmpty(), p + " pre-tokenizer");
                }
            }
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void typeTraitsFollowGgml() {
        assertEquals(144, GgmlType.Q4_K.bytesPerBlock());
        assertEquals(GgmlType.IQ4_NL, GgmlType.byId(20));
    }
}
