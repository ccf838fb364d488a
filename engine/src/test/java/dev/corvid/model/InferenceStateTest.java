package dev.corvid.model;

import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How evaluation calls compose: batching, the cache, reset, limits, and the two precisions. */
class InferenceStateTest {
    private static final int[] TOKENS = {1, 403, 407, 261, 378, 302, 261, 415};

    private static Model model;

    @BeforeAll
    static void load() throws IOException {
        model = Model.load(SharedAssets.models().resolve("stories260K.gguf"), Precision.PRECISE);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void oneBatchGivesBitwiseTheLogitsOfOneTokenAtATime() {
        float[] batch = model.newState().evaluate(TOKENS, true);
        InferenceState state = model.newState();
        int vocabulary = model.config().vocabularySize();
        for (int t = 0; t < TOKENS.length; t++) {
            float[] row = state.evaluate(new int[] {TOKENS[t]}, false);
            assertArrayEquals(Arrays.copyOfRange(batch, t * vocabulary, (t + 1) * vocabulary), row, "token " + t);
        }
        assertEquals(TOKENS.length, state.position());
    }

    /** The cache grows as positions fill (256, then doubling): rows stored before a growth must survive it. */
    @Test
    void aLongSequenceInPiecesCrossingTheCacheGrowthEqualsOneBatch() {
        int[] tokens = longSequence(600);
        float[] batch = model.newState(tokens.length).evaluate(tokens, false);
        InferenceState state = model.newState(tokens.length);
        float[] pieces = evaluateInPieces(state, tokens);
        assertEquals(tokens.length, state.position());
        assertArrayEquals(batch, pieces);
    }

    /**
     * Fast mode keeps keys in blocks of a vector's lanes: a long sequence fed in uneven pieces (partial blocks,
     * blocks split between calls, the cache growing) scores as precise mode's row layout does, up to rounding.
     */
    @Test
    void fastModeKeyBlocksOverALongSequenceInPiecesMatchPreciseMode() throws IOException {
        int[] tokens = longSequence(600);
        try (Model fast = Model.load(SharedAssets.models().resolve("stories260K.F16.gguf"), Precision.FAST);
             Model precise = Model.load(SharedAssets.models().resolve("stories260K.F16.gguf"), Precision.PRECISE)) {
            float[] expected = precise.newState(tokens.length).evaluate(tokens, false);
            float[] actual = evaluateInPieces(fast.newState(tokens.length), tokens);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-3f * Math.max(1f, Math.abs(expected[i])), "logit " + i);
            }
        }
    }

    /** {@code tokens} in pieces of 1, 5, 13, 29, ... tokens; the last piece's last logits. */
    private static float[] evaluateInPieces(InferenceState state, int[] tokens) {
        float[] last = null;
        int size = 1;
        for (int from = 0; from < tokens.length; from += size, size = 2 * size + 3) {
            last = state.evaluate(Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + size)), false);
        }
        return last;
    }

    private static int[] longSequence(int length) {
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = TOKENS[i % TOKENS.length];
        }
        return tokens;
    }

    @Test
    void lastLogitsAreTheLastRowOfAllLogits() {
        float[] all = model.newState().evaluate(TOKENS, true);
        float[] last = model.newState().evaluate(TOKENS, false);
        assertArrayEquals(Arrays.copyOfRange(all, all.length - last.length, all.length), last);
    }

    @Test
    void resetStartsOver() {
        InferenceState state = model.newState();
        float[] first = state.evaluate(TOKENS, false);
        state.evaluate(new int[] {5}, false);
        state.reset();
        assertEquals(0, state.position());
        assertArrayEquals(first, state.evaluate(TOKENS, false));
    }

    @Test
    void refusesToOverflowTheContextAndStaysUsable() {
        InferenceState state = model.newState(TOKENS.length - 1);
        assertThrows(IllegalArgumentException.class, () -> state.evaluate(TOKENS, false));
        assertEquals(0, state.position());
        state.evaluate(new int[] {1}, false);
        assertEquals(1, state.position());
    }

    @Test
    void refusesACacheLargerThanAJavaArray() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.newState(Integer.MAX_VALUE / 2));
        assertTrue(e.getMessage().contains("ask for fewer positions"), e.getMessage());
    }

    @Test
    void refusesTokensOutsideTheVocabulary() {
        InferenceState state = model.newState();
        assertThrows(IllegalArgumentException.class, () -> state.evaluate(new int[] {1, 512}, false));
        assertThrows(IllegalArgumentException.class, () -> state.evaluate(new int[] {-1}, false));
    }

    /** The vector kernels sum in another order and fuse multiply-adds: float rounding apart, nothing more. */
    @Test
    void fastModeOnFloatWeightsEqualsPreciseModeUpToRounding() throws IOException {
        for (String file : new String[] {"stories260K.F16.gguf", "stories260K.BF16.gguf"}) {
            try (Model fast = Model.load(SharedAssets.models().resolve(file), Precision.FAST);
                 Model precise = Model.load(SharedAssets.models().resolve(file), Precision.PRECISE)) {
                float[] expected = precise.newState().evaluate(TOKENS, true);
                float[] actual = fast.newState().evaluate(TOKENS, true);
                assertEquals(expected.length, actual.length);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-4f * Math.max(1f, Math.abs(expected[i])), file + " " + i);
                }
            }
        }
    }
}
