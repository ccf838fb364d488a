package dev.corvid.tokenizer;

import dev.corvid.gguf.GgufArray;
import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufValueType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vocabularies whose arrays disagree, or whose BYTE tokens are not spelled {@code <0xXX>}, are refused
 * when loaded, naming the file, the key and the token: not mid-generation with a NumberFormatException.
 */
class VocabularyValidationTest {
    private static final String SOURCE = "edited-vocab.gguf";
    private static Map<String, GgufValue> stories;

    @BeforeAll
    static void readStories() throws IOException {
        try (GgufFile f = GgufFile.open(TestVocabularies.ggufOf("stories260K"))) {
            stories = new LinkedHashMap<>(f.metadata().asMap());
        }
    }

    /** stories260K's vocabulary (SentencePiece, BYTE tokens 3..258) with an edit. */
    private static GgufMetadata edited(Consumer<Map<String, GgufValue>> edit) {
        Map<String, GgufValue> m = new LinkedHashMap<>(stories);
        edit.accept(m);
        return new GgufMetadata(SOURCE, m);
    }

    private static String[] tokens() {
        return ((GgufArray) stories.get("tokenizer.ggml.tokens").value()).strings();
    }

    private static void setToken(Map<String, GgufValue> m, int id, String text) {
        String[] t = tokens();
        t[id] = text;
        m.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings(t)));
    }

    private static <E extends RuntimeException> E refused(Class<E> type, GgufMetadata meta, String... parts) {
        E e = assertThrows(type, () -> Tokenizer.fromGguf(meta));
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
        return e;
    }

    @Test
    void theUneditedVocabularyLoadsAndRendersItsByteTokens() {
        Tokenizer t = Tokenizer.fromGguf(edited(m -> { }));
        int newline = Arrays.asList(tokens()).indexOf("<0x0A>");
        assertTrue((t.attributes(newline) & TokenAttributes.BYTE) != 0);
        assertArrayEquals(new byte[] {'\n'}, t.piece(newline, false));
        assertArrayEquals(new byte[] {(byte) 0xAB}, t.piece(Arrays.asList(tokens()).indexOf("<0xAB>"), false));
    }

    @Test
    void byteTokensMustSpellTheirByte() {
        int id = Arrays.asList(tokens()).indexOf("<0x41>");
        for (String bad : new String[] {"<0xZZ>", "<0x4>", "x", "<0x41>!", "<0x041>", "0x41", "<0X41>"}) {
            refused(GgufFormatException.class, edited(m -> setToken(m, id, bad)),
                    "token " + id, "BYTE", "'" + bad + "'", "tokenizer.ggml.tokens");
        }
        // an empty BYTE token is refused too (llama.cpp would read past its end)
        refused(GgufFormatException.class, edited(m -> setToken(m, id, "")), "token " + id);
        // lower-case hexadecimal is a byte all the same
        Tokenizer t = Tokenizer.fromGguf(edited(m -> setToken(m, id, "<0x4a>")));
        assertArrayEquals(new byte[] {0x4A}, t.piece(id, false));
    }

    @Test
    void perTokenArraysMustCoverEveryToken() {
        int n = tokens().length;
        refused(GgufFormatException.class, edited(m -> m.put("tokenizer.ggml.scores",
                GgufValue.ofArray(GgufArray.ofFloat32(new float[n - 1])))), "tokenizer.ggml.scores", (n - 1) + " entries");
        refused(GgufFormatException.class, edited(m -> m.put("tokenizer.ggml.token_type",
                GgufValue.ofArray(GgufArray.ofInt32(new int[3])))), "tokenizer.ggml.token_type", "3 entries");
        refused(GgufFormatException.class, edited(m -> m.put("tokenizer.ggml.token_type",
                        GgufValue.ofArray(GgufArray.ofStrings(tokens())))), "tokenizer.ggml.token_type");
        refused(GgufFormatException.class, edited(m -> m.put("tokenizer.ggml.tokens",
                GgufValue.ofArray(GgufArray.ofStrings(new String[0])))), "tokenizer.ggml.tokens", "empty");
        // longer arrays are read as far as there are tokens, as llama.cpp reads them
        Tokenizer t = Tokenizer.fromGguf(edited(m -> m.put("tokenizer.ggml.scores",
                GgufValue.ofArray(GgufArray.ofFloat32(new float[n + 7])))));
        assertEquals(n, t.vocabSize());
    }

    /** llama.cpp ignores special ids outside the vocabulary, keeping the default; so do we. */
    @Test
    void specialIdsOutsideTheVocabularyAreIgnored() {
        Tokenizer t = Tokenizer.fromGguf(edited(m -> {
            m.put("tokenizer.ggml.bos_token_id", GgufValue.ofUInt32(1_000_000));
            m.put("tokenizer.ggml.eos_token_id", new GgufValue(GgufValueType.INT32, -7L));
        }));
        assertEquals(1, t.bos());
        assertEquals(2, t.eos());
        refused(GgufFormatException.class, edited(m -> m.put("tokenizer.ggml.bos_token_id", GgufValue.ofString("1"))),
                "tokenizer.ggml.bos_token_id");
    }

    @Test
    void unsupportedTokenizersNameTheFile() {
        refused(UnsupportedOperationException.class,
                edited(m -> m.put("tokenizer.ggml.model", GgufValue.ofString("bert"))), "'bert'");
        refused(UnsupportedOperationException.class, edited(m -> {
            m.put("tokenizer.ggml.model", GgufValue.ofString("gpt2"));
            m.put("tokenizer.ggml.pre", GgufValue.ofString("no-such-pre"));
            m.put("tokenizer.ggml.merges", GgufValue.ofArray(GgufArray.ofStrings(new String[0])));
        }), "tokenizer.ggml.pre", "'no-such-pre'");
    }

    /** A vocabulary that asks for a BOS it does not have fails when encoding, naming the file. */
    @Test
    void aMissingBosIsNamedWithTheFile() {
        Tokenizer t = Tokenizer.fromGguf(new GgufMetadata(SOURCE, Map.of(
                "tokenizer.ggml.model", GgufValue.ofString("gpt2"),
                "tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings(new String[] {"a", "b", "c"})),
                "tokenizer.ggml.merges", GgufValue.ofArray(GgufArray.ofStrings(new String[] {"a b"})),
                "tokenizer.ggml.add_bos_token", GgufValue.ofBool(true))));
        assertEquals(-1, t.bos());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.encode("abc", true, false));
        assertTrue(e.getMessage().startsWith(SOURCE + ": ") && e.getMessage().contains("BOS"), e.getMessage());
        assertEquals("abc", new String(t.detokenize(t.encode("abc", false, false), false, false),
                StandardCharsets.UTF_8));
    }
}
