package dev.corvid.quant;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.gguf.TensorDequantizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tensor of every shared model that has a {@code dequant.tsv} golden must dequantize to exactly
 * the float32 bytes llama.cpp's {@code to_float} produced: same name, type, shape and sha256.
 */
class DequantGoldenTest {

    @Test
    void everyTensorHashesLikeLlamaCpp(TestReporter reporter) throws Exception {
        List<String> mismatches = new ArrayList<>();
        Set<GgmlType> typesSeen = EnumSet.noneOf(GgmlType.class);
        int files = 0;
        int tensors = 0;
        for (Path model : SharedAssets.ggufFiles("models")) {
            String stem = model.getFileName().toString().replaceFirst("\\.gguf$", "");
            Path golden = SharedAssets.golden().resolve(stem).resolve("dequant.tsv");
            if (!Files.exists(golden)) {
                continue;
            }
            List<String[]> expected = Files.readAllLines(golden).stream()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t"))
                    .toList();
            try (GgufFile gguf = GgufFile.open(model)) {
                List<GgufTensor> actual = gguf.tensors();
                assertEquals(expected.size(), actual.size(), stem + ": tensor count");
                for (int i = 0; i < actual.size(); i++) {
                    GgufTensor t = actual.get(i);
                    String[] row = expected.get(i);
                    String where = stem + " " + t.name();
                    assertEquals(row[0], t.name(), stem + ": tensor " + i);
                    assertEquals(row[1], t.type().ggmlName(), where + " type");
                    assertEquals(row[2], t.shapeString(), where + " shape");
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    TensorDequantizer.digest(t, sha);
                    String hash = HexFormat.of().formatHex(sha.digest());
                    if (!hash.equals(row[3])) {
                        mismatches.add(where + " (" + t.type() + ")");
                    }
                    typesSeen.add(t.type());
                    tensors++;
                }
            }
            files++;
        }
        reporter.publishEntry("dequant goldens", files + " files, " + tensors + " tensors, types " + typesSeen);
        assertEquals(List.of(), mismatches, "tensors whose dequantized bytes differ from llama.cpp's");
        assertEquals(goldenCount(), files, "every dequant.tsv golden has its model file");
        assertTrue(typesSeen.containsAll(EnumSet.complementOf(EnumSet.of(GgmlType.Q8_K, GgmlType.IQ4_NL))),
                "the shared models cover every type but Q8_K and IQ4_NL: " + typesSeen);
    }

    private static long goldenCount() throws Exception {
        try (var dirs = Files.list(SharedAssets.golden())) {
            return dirs.filter(d -> Files.exists(d.resolve("dequant.tsv"))).count();
        }
    }
}
