package dev.corvid.sample;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each step of the chain on small hand-made distributions. */
class FiltersTest {
    private static Candidates of(float... logits) {
        Candidates c = new Candidates(logits.length);
        c.load(logits, 0, logits.length);
        return c;
    }

    private static int[] ids(Candidates c) {
        return Arrays.copyOf(c.ids, c.size);
    }

    /** Logits whose softmax is exactly the given probabilities (up to float rounding). */
    private static Candidates ofProbabilities(double... probs) {
        float[] logits = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            logits[i] = (float) Math.log(probs[i]);
        }
        return of(logits);
    }

    @Test
    void topKKeepsTheKHighestSortedWithLowerIdsFirstOnTies() {
        Candidates c = of(1f, 5f, 3f, 5f, 4f, -2f);
        TopK.apply(c, 3);
        assertArrayEquals(new int[] {1, 3, 4}, ids(c));
        assertTrue(c.sorted);
        assertEquals(5f, c.logits[0]);
    }

    @Test
    void topKOfZeroOrMoreThanTheVocabularyKeepsAll() {
        Candidates c = of(1f, 2f, 3f);
        TopK.apply(c, 0);
        assertEquals(3, c.size);
        assertFalse(c.sorted);
        TopK.apply(c, 10);
        assertArrayEquals(new int[] {2, 1, 0}, ids(c));
    }

    @Test
    void topKSortsLargeVocabularies() {
        float[] logits = new float[1000];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (i * 7919) % 1000; // a permutation of 0..999
        }
        Candidates c = of(logits);
        TopK.apply(c, 200);
        for (int i = 0; i < 200; i++) {
            assertEquals(999 - i, c.logits[i]);
        }
    }

    @Test
    void topPStopsAtTheFirstTokenThatReachesP() {
        // 0.5, 0.3, 0.2 in scrambled order: p = 0.75 needs 0.5 + 0.3.
        Candidates c = ofProbabilities(0.2, 0.5, 0.3);
        TopP.apply(c, 0.75f, 0);
        assertArrayEquals(new int[] {1, 2}, ids(c));
        // p = 0.5 is reached by the first token alone (cumulative >= p, not > p).
        c = ofProbabilities(0.2, 0.5, 0.3);
        TopP.apply(c, 0.5f, 0);
        assertArrayEquals(new int[] {1}, ids(c));
    }

    @Test
    void topPWithTiesKeepsTheLowerIdsFirst() {
        // Four equal tokens: each 0.25; p = 0.5 keeps two of them, the lowest ids.
        Candidates c = of(0f, 0f, 0f, 0f);
        TopP.apply(c, 0.5f, 0);
        assertArrayEquals(new int[] {0, 1}, ids(c));
    }

    @Test
    void topPHonoursMinKeepAndOneKeepsAll() {
        Candidates c = ofProbabilities(0.9, 0.05, 0.05);
        TopP.apply(c, 0.5f, 2);
        assertArrayEquals(new int[] {0, 1}, ids(c));
        c = ofProbabilities(0.9, 0.05, 0.05);
        TopP.apply(c, 1.0f, 0);
        assertEquals(3, c.size);
    }

    @Test
    void minPIsRelativeToTheMostLikelyToken() {
        // p_max = 0.5; min-p 0.3 keeps tokens with p >= 0.15: 0.5, 0.3, 0.15 stay, 0.05 goes. Order kept.
        Candidates c = ofProbabilities(0.05, 0.3, 0.5, 0.15);
        MinP.apply(c, 0.3f, 0);
        assertArrayEquals(new int[] {1, 2, 3}, ids(c));
        assertFalse(c.sorted);
    }

    @Test
    void minPOnSortedCandidatesAndMinKeep() {
        Candidates c = ofProbabilities(0.05, 0.3, 0.5, 0.15);
        TopK.apply(c, 4);
        MinP.apply(c, 0.7f, 0);
        assertArrayEquals(new int[] {2}, ids(c));
        c = ofProbabilities(0.05, 0.3, 0.5, 0.15);
        MinP.apply(c, 0.7f, 3);
        assertArrayEquals(new int[] {2, 1, 3}, ids(c));
    }

    @Test
    void temperatureDividesAndZeroKeepsOnlyTheFirstMaximum() {
        Candidates c = of(2f, -4f, 1f);
        Temperature.apply(c, 0.5f);
        assertArrayEquals(new float[] {4f, -8f, 2f}, Arrays.copyOf(c.logits, 3));
        c = of(1f, 3f, 2f, 3f);
        Temperature.apply(c, 0f);
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 3f, Float.NEGATIVE_INFINITY,
                Float.NEGATIVE_INFINITY}, Arrays.copyOf(c.logits, 4));
    }

    @Test
    void repeatPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        Penalties p = new Penalties(4, 64, 2.0f, 0f, 0f);
        p.accept(0);
        p.accept(1);
        Candidates c = of(3f, -3f, 3f, 0f);
        p.apply(c);
        assertArrayEquals(new float[] {1.5f, -6f, 3f, 0f}, Arrays.copyOf(c.logits, 4));
    }

    @Test
    void frequencyAndPresencePenaltiesSubtract() {
        Penalties p = new Penalties(3, 64, 1.0f, 0.5f, 0.25f);
        p.accept(1);
        p.accept(1);
        p.accept(2);
        Candidates c = of(1f, 1f, 1f);
        p.apply(c);
        // token 1: 1 - (2 * 0.5 + 0.25); token 2: 1 - (1 * 0.5 + 0.25)
        assertArrayEquals(new float[] {1f, -0.25f, 0.25f}, Arrays.copyOf(c.logits, 3));
    }

    @Test
    void penaltiesOnlyCountTheLastNTokens() {
        Penalties p = new Penalties(3, 2, 1.0f, 1f, 0f);
        p.accept(0);
        p.accept(1);
        p.accept(2); // pushes token 0 out of the window of 2
        p.accept(2);
        Candidates c = of(0f, 0f, 0f);
        p.apply(c);
        assertArrayEquals(new float[] {0f, 0f, -2f}, Arrays.copyOf(c.logits, 3));
    }

    @Test
    void penaltiesAreOffWithLastNZeroOrNeutralValues() {
        assertTrue(new Penalties(3, 0, 2f, 1f, 1f).disabled());
        assertTrue(new Penalties(3, 64, 1f, 0f, 0f).disabled());
        assertFalse(new Penalties(3, 64, 1.1f, 0f, 0f).disabled());
    }
}
