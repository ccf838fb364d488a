package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Valid tensors of any type without a quantizer: random bytes everywhere, except that each block's
 * float scales (halves, or Q8_K's float) hold small positive values, so every decoded value is a
 * finite number of the size trained weights have. Enough for kernel tests and speed measurements (the
 * bench module's fixtures, hence in main code), and instant where quantizing real values is not.
 */
public final class RandomBlocks {
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RandomBlocks() {
    }

    /** {@code elements} values of {@code type} (a whole number of blocks) in native memory, from {@code seed}. */
    public static MemorySegment of(GgmlType type, long elements, long seed) {
        MemorySegment data = Arena.ofAuto().allocate(type.byteSize(elements), 64);
        fill(type, data, seed);
        return data;
    }

    /** Overwrites {@code data}, a whole number of {@code type} blocks, with random valid blocks. */
    public static void fill(GgmlType type, MemorySegment data, long seed) {
        Random random = new Random(seed);
        switch (type) {
            case F32 -> {
                for (long at = 0; at < data.byteSize(); at += 4) {
                    data.set(FLOAT, at, (float) random.nextGaussian() * 0.05f);
                }
            }
            case F16 -> {
                for (long at = 0; at < data.byteSize(); at += 2) {
                    data.set(HALF, at, Float.floatToFloat16((float) random.nextGaussian() * 0.05f));
                }
            }
            case BF16 -> {
                for (long at = 0; at < data.byteSize(); at += 2) {
                    data.set(HALF, at, (short) (Float.floatToIntBits((float) random.nextGaussian() * 0.05f) >>> 16));
                }
            }
            default -> {
                byte[] block = new byte[type.bytesPerBlock()];
                for (long at = 0; at < data.byteSize(); at += block.length) {
                    random.nextBytes(block);
                    MemorySegment.copy(block, 0, data, ValueLayout.JAVA_BYTE, at, block.length);
                    setScales(type, data, at, random);
                }
            }
        }
    }

    private static void setScales(GgmlType type, MemorySegment data, long block, Random random) {
        switch (type) {
            case Q4_0, Q5_0, Q8_0, IQ4_NL -> half(data, block, random);
            case Q4_1, Q5_1, Q4_K, Q5_K -> {
                half(data, block, random);
                half(data, block + 2, random);
            }
            case Q2_K -> {
                half(data, block + 80, random);
                half(data, block + 82, random);
            }
            case Q3_K -> half(data, block + 108, random);
            case Q6_K -> half(data, block + 208, random);
            case Q8_K -> data.set(FLOAT, block, scale(random));
            default -> throw new IllegalArgumentException("no block scales known for " + type);
        }
    }

    private static void half(MemorySegment data, long at, Random random) {
        data.set(HALF, at, Float.floatToFloat16(scale(random)));
    }

    /** A scale that keeps decoded values around 0.01..0.1, as in trained weights. */
    private static float scale(Random random) {
        return 0.0005f + 0.002f * random.nextFloat();
    }
}
