package dev.corvid.backend;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenPickerTest {

    @Test
    void greedyTakesTheFirstOfEqualMaxima() {
        assertEquals(1, TokenPicker.greedy().pick(new float[] {0f, 3f, -1f, 3f}));
    }

    @Test
    void samplingWithTheSameSeedRepeats() {
        float[] logits = {1f, 1f, 1f, 1f};
        assertArrayEquals(draws(TokenPicker.sampled(1.0, 7), logits, 50), draws(TokenPicker.sampled(1.0, 7), logits, 50));
    }

    @Test
    void samplingFollowsTheSoftmax() {
        // softmax(0, ln 3) = (1/4, 3/4): of 4000 draws about 3000 take id 1.
        float[] logits = {0f, (float) Math.log(3)};
        long ones = IntStream.of(draws(TokenPicker.sampled(1.0, 1), logits, 4000)).filter(id -> id == 1).count();
        assertTrue(Math.abs(ones - 3000) < 150, ones + " of 4000 draws took id 1");
    }

    @Test
    void aLowTemperatureIsGreedy() {
        float[] logits = {0f, 2f, 1.9f};
        assertTrue(IntStream.of(draws(TokenPicker.sampled(1e-3, 3), logits, 100)).allMatch(id -> id == 1));
    }

    @Test
    void temperatureMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> TokenPicker.sampled(0, 1));
    }

    private static int[] draws(TokenPicker picker, float[] logits, int n) {
        return IntStream.range(0, n).map(i -> picker.pick(logits)).toArray();
    }
}
