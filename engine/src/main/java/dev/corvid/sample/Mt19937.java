package dev.corvid.sample;

/**
 * The 32-bit Mersenne Twister, as C++'s {@code std::mt19937}, and libstdc++'s
 * {@code uniform_real_distribution<double>(0, 1)} on top of it: llama.cpp's dist sampler draws with these, so
 * the same seed gives llama.cpp's random numbers.
 */
final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private static final double TWO_POW_32 = 4294967296.0;

    private final int[] state = new int[N];
    private int index;

    Mt19937(int seed) {
        seed(seed);
    }

    void seed(int seed) {
        state[0] = seed;
        for (int i = 1; i < N; i++) {
            int prev = state[i - 1];
            state[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32-bit output, as an unsigned value. */
    long nextUnsigned() {
        if (index >= N) {
            twist();
        }
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /**
     * A double in [0, 1) the way libstdc++'s {@code generate_canonical<double, 53>} makes one from two draws:
     * (first + second * 2^32) rounded to a double, divided by 2^64, and kept below 1.
     */
    double nextDouble() {
        double sum = nextUnsigned();
        sum += nextUnsigned() * TWO_POW_32;
        double result = sum / (TWO_POW_32 * TWO_POW_32);
        return result >= 1.0 ? Math.nextDown(1.0) : result;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
            int next = state[(i + M) % N] ^ (y >>> 1);
            state[i] = (y & 1) != 0 ? next ^ 0x9908b0df : next;
        }
        index = 0;
    }
}
