package dev.corvid.quant;

/**
 * The two float-to-integer roundings ggml's quantizers use. They differ on ties, and a quantizer must
 * use the same one as ggml to produce the same bytes.
 */
final class Rounding {
    /** 1.5 * 2^23: adding it leaves a float whose low mantissa bits hold the rounded integer. */
    private static final float MAGIC = 12582912f;

    private Rounding() {
    }

    /**
     * ggml's {@code nearest_int}: ties to even, through the float adder. Exact for |x| below 2^22; beyond
     * that (never reached by the quantizers on finite input) it returns the same bits ggml would.
     */
    static int nearestInt(float x) {
        return (Float.floatToRawIntBits(x + MAGIC) & 0x007FFFFF) - 0x00400000;
    }

    /** C's {@code roundf}: ties away from zero ({@link Math#round} would send -2.5 to -2). */
    static int halfAwayFromZero(float x) {
        double magnitude = Math.floor(Math.abs((double) x) + 0.5); // exact in double for any float below 2^29
        return (int) Math.copySign(magnitude, x);
    }
}
