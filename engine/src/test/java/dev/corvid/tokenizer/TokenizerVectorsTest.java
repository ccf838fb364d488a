package dev.corvid.tokenizer;

import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * llama.cpp's own tokenizer vectors ({@code ggml-vocab-<name>.gguf.inp / .out}, as
 * tests/test-tokenizer-0.cpp reads them): every string tokenized with add_special = false and
 * parse_special = false must give exactly the listed ids.
 */
class TokenizerVectorsTest {
    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    @ParameterizedTest
    @ValueSource(strings = {"llama-spm", "qwen2", "gpt-2", "llama-bpe-trunc8k"})
    void shippedVocabularies(String name) throws IOException {
        Path vocab = SharedAssets.root().resolve("vocab");
        check(name, vocab.resolve("ggml-vocab-" + name + ".gguf"), vocab);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-bpe", "phi-3", "deepseek-coder"})
    void fullVocabulariesOfLlamaCpp(String name) throws IOException {
        check(name, TestVocabularies.llamaCppVocab(name), SharedAssets.root().resolve("vocab").resolve("vocab-not-shipped"));
    }

    /** More pre-tokenizers (StarCoder, Falcon, ...), with the vectors that sit beside the files in llama.cpp's tree. */
    @ParameterizedTest
    @ValueSource(strings = {"command-r", "falcon", "mpt", "refact", "starcoder"})
    void otherVocabulariesOfLlamaCpp(String name) throws IOException {
        check(name, TestVocabularies.llamaCppVocab(name), TestVocabularies.llamaCppModels());
    }

    private static void check(String name, Path gguf, Path vectorDir) throws IOException {
        String base = "ggml-vocab-" + name + ".gguf";
        List<String> inputs = readInputs(vectorDir.resolve(base + ".inp"));
        List<String> outputs = Files.readAllLines(vectorDir.resolve(base + ".out"));
        assertEquals(inputs.size(), outputs.size(), base + ": .inp and .out disagree on the number of cases");

        Tokenizer tokenizer = TestVocabularies.tokenizer(gguf);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String line = outputs.get(i).trim();
            int[] expected = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
            int[] actual = tokenizer.encode(inputs.get(i), false, false);
            if (!Arrays.equals(expected, actual)) {
                failures.add("'" + inputs.get(i) + "': " + Arrays.toString(actual) + ", expected " + Arrays.toString(expected));
            }
        }
        System.out.printf("tokenizer vectors %s: %d/%d equal to llama.cpp%n", name, inputs.size() - failures.size(), inputs.size());
        assertEquals(List.of(), failures, name + ": " + failures.size() + " of " + inputs.size() + " vectors differ");
    }

    /** The test strings: each one, the last included, is followed by the separator line. */
    private static List<String> readInputs(Path inp) throws IOException {
        String all = Files.readString(inp);
        List<String> parts = new ArrayList<>(Arrays.asList(all.split(SEPARATOR, -1)));
        assertEquals("", parts.removeLast(), inp + " does not end with the separator");
        return parts;
    }
}
