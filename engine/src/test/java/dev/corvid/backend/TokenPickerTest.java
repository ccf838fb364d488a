package dev.corvid.backend;

import dev.corvid.sample.SamplerSettings;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenPickerTest {
    private static final float[] LOGITS = {0f, 2f, 1.5f, -1f};

    @Test
    void greedyTakesTheFirstHighest() {
        assertEquals(1, TokenPicker.greedy().pick(new float[] {0f, 3f, -1f, 3f}));
    }

    @Test
    void theSameSeedDrawsTheSameIds() {
        SamplerSettings settings = SamplerSettings.defaults().withTemperature(1.0f).withSeed(7);
        assertArrayEquals(draws(TokenPicker.sampled(settings, 4), 50), draws(TokenPicker.sampled(settings, 4), 50));
    }

    @Test
    void samplingFollowsTheDistribution() {
        SamplerSettings settings = SamplerSettings.defaults().withTemperature(1.0f).withTopK(0).withTopP(1f)
                .withMinP(0f).withSeed(1);
        int[] ids = draws(TokenPicker.sampled(settings, 4), 4000);
        long ones = IntStream.of(ids).filter(id -> id == 1).count();
        // softmax(0, 2, 1.5, -1): token 1 has probability 0.53
        assertTrue(ones > 1900 && ones < 2350, ones + " of 4000");
    }

    private static int[] draws(TokenPicker picker, int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = picker.pick(LOGITS.clone());
        }
        return ids;
    }
}
