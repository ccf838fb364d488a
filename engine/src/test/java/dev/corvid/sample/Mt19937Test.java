package dev.corvid.sample;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected numbers printed by g++/libstdc++'s std::mt19937 and uniform_real_distribution<double>(0, 1). */
class Mt19937Test {
    @Test
    void matchesStdMt19937() {
        Mt19937 rng = new Mt19937(42);
        assertEquals(1608637542L, rng.nextUnsigned());
        assertEquals(3421126067L, rng.nextUnsigned());
        assertEquals(4083286876L, rng.nextUnsigned());
    }

    @Test
    void tenThousandthOutputOfDefaultSeedIsTheOneTheCppStandardRequires() {
        Mt19937 rng = new Mt19937(5489);
        for (int i = 0; i < 9999; i++) {
            rng.nextUnsigned();
        }
        assertEquals(4123659995L, rng.nextUnsigned());
    }

    @Test
    void doublesMatchLibstdcxxUniformRealDistribution() {
        Mt19937 rng = new Mt19937(42);
        assertEquals(0.79654298428784598, rng.nextDouble());
        assertEquals(0.18343478789336848, rng.nextDouble());
        assertEquals(0.77969099761266125, rng.nextDouble());
        assertEquals(0.59685016158005655, rng.nextDouble());
        assertEquals(0.10184899170898529, new Mt19937(0xFFFFFFFE).nextDouble());
    }

    @Test
    void reseedingRestartsTheSequence() {
        Mt19937 rng = new Mt19937(7);
        long first = rng.nextUnsigned();
        rng.nextUnsigned();
        rng.seed(7);
        assertEquals(first, rng.nextUnsigned());
    }
}
