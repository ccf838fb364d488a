package dev.corvid.sample;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SamplerTest {
    private static final SamplerSettings PLAIN = new SamplerSettings(1.0f, 0, 1.0f, 0.0f, 0, 1.0f, 64, 0f, 0f, 42);

    @Test
    void defaultsAreLlamaCppCommonParams() {
        SamplerSettings d = SamplerSettings.defaults();
        assertEquals(0.8f, d.temperature());
        assertEquals(40, d.topK());
        assertEquals(0.95f, d.topP());
        assertEquals(0.05f, d.minP());
        assertEquals(0, d.minKeep());
        assertEquals(1.0f, d.repeatPenalty());
        assertEquals(64, d.repeatLastN());
        assertEquals(0.0f, d.frequencyPenalty());
        assertEquals(0.0f, d.presencePenalty());
        assertEquals(0xFFFFFFFF, d.seed());
    }

    @Test
    void drawsAsLlamaCppDistDoesForAKnownSeed() {
        // Four equal tokens, seed 42: libstdc++ draws 0.7965, 0.1834, 0.7797, 0.5969 -> tokens 3, 0, 3, 2.
        Sampler sampler = new Sampler(PLAIN, 4);
        float[] logits = {0f, 0f, 0f, 0f};
        int[] drawn = new int[4];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = sampler.sample(logits, 0, 4);
        }
        assertArrayEquals(new int[] {3, 0, 3, 2}, drawn);
    }

    @Test
    void sameSeedSameSequenceAndResetRestartsIt() {
        float[] logits = randomLogits(1000, 1);
        int[] first = run(new Sampler(SamplerSettings.defaults().withSeed(123), 1000), logits, 50);
        int[] second = run(new Sampler(SamplerSettings.defaults().withSeed(123), 1000), logits, 50);
        assertArrayEquals(first, second);
        Sampler sampler = new Sampler(SamplerSettings.defaults().withSeed(123), 1000);
        run(sampler, logits, 7);
        sampler.reset();
        assertArrayEquals(first, run(sampler, logits, 50));
        assertNotEquals(java.util.Arrays.toString(first),
                java.util.Arrays.toString(run(new Sampler(SamplerSettings.defaults().withSeed(124), 1000), logits, 50)));
    }

    @Test
    void temperatureZeroIsGreedyWithTheLowestIdWinningTies() {
        float[] logits = {1f, 7f, 3f, 7f, -2f};
        for (SamplerSettings s : new SamplerSettings[] {PLAIN.withTemperature(0f), PLAIN.withTemperature(-1f),
                SamplerSettings.defaults().withTemperature(0f)}) {
            Sampler sampler = new Sampler(s, 5);
            for (int i = 0; i < 20; i++) {
                assertEquals(1, sampler.sample(logits, 0, 5));
            }
        }
        assertEquals(1, Greedy.argmax(logits, 0, 5));
        assertEquals(1, Greedy.argmax(new float[] {9f, 1f, 5f, 5f}, 1, 3)); // row {1, 5, 5}: index within the row
    }

    @Test
    void greedyStillSeesThePenalties() {
        Sampler sampler = new Sampler(PLAIN.withTemperature(0f).withPenalties(4f, 64, 0f, 0f), 3);
        sampler.accept(0);
        assertEquals(1, sampler.sample(new float[] {4f, 2f, 1f}, 0, 3)); // 4 / 4 = 1 < 2
    }

    @Test
    void topKOfOneAlwaysPicksTheBestToken() {
        Sampler sampler = new Sampler(PLAIN.withTopK(1).withTemperature(5f), 1000);
        float[] logits = randomLogits(1000, 2);
        int best = Greedy.argmax(logits, 0, 1000);
        for (int i = 0; i < 20; i++) {
            assertEquals(best, sampler.sample(logits, 0, 1000));
        }
    }

    @Test
    void samplesOnlyFromTheRowAndLeavesItUnchanged() {
        float[] row = {0f, 0f, 100f, 0f};
        float[] logits = new float[12];
        System.arraycopy(row, 0, logits, 4, 4);
        float[] copy = logits.clone();
        Sampler sampler = new Sampler(SamplerSettings.defaults().withSeed(1).withPenalties(1.5f, 64, 0.5f, 0.5f), 4);
        sampler.accept(2);
        assertEquals(2, sampler.sample(logits, 4, 4));
        assertArrayEquals(copy, logits);
    }

    @Test
    void refusesWrongSizesAndTokens() {
        Sampler sampler = new Sampler(SamplerSettings.defaults().withPenalties(1.1f, 64, 0f, 0f), 4);
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new float[5], 0, 5));
        assertThrows(IllegalArgumentException.class, () -> sampler.accept(4));
        assertThrows(IllegalArgumentException.class, () -> SamplerSettings.defaults().withPenalties(0f, 64, 0f, 0f));
    }

    private static int[] run(Sampler sampler, float[] logits, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = sampler.sample(logits, 0, logits.length);
            sampler.accept(out[i]);
        }
        return out;
    }

    private static float[] randomLogits(int n, long seed) {
        Random random = new Random(seed);
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = (float) (random.nextGaussian() * 3);
        }
        return logits;
    }
}
