package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Fast mode's load-time rewriting of slow file formats into a {@link PackedLayout}: the one place
 * that decides, per file type, whether weights are multiplied in place (memory-mapped, no load cost,
 * no heap) or repacked (decoded values bit-identical to {@link GgmlType#dequantize}, faster kernels,
 * more resident memory). See {@link #forType} for the choice and docs/benchmarks.md for its numbers.
 *
 * <p>Repacking runs in parallel over rows into native memory that lives as long as the matrix; the
 * file's pages of a repacked tensor are released afterwards ({@link MemorySegment#unload()}), so
 * that they do not count twice in the resident set.
 */
public enum Repacker {
    /** Q6_K (210 bytes per 256): bytes {@code q - 32} and the 16 products {@code d * scale}. */
    Q6_K(GgmlType.Q6_K, PackedLayout.Q8_S16),
    /**
     * Q4_K (144 bytes per 256): nibbles {@code q} and the products {@code d * scale}, {@code dmin * min}; as
     * nibbles rather than bytes, decode reads 192 bytes per 256 values instead of 320 (Q4_K is the bulk of a
     * typical Q4_K_M model, and a byte per value made it take 2.2 times the file's memory).
     */
    Q4_K(GgmlType.Q4_K, PackedLayout.Q4_SM32),
    /** Q5_K (176 bytes per 256): as Q4_K with the fifth bits merged into the bytes. */
    Q5_K(GgmlType.Q5_K, PackedLayout.Q8_SM32),
    /**
     * Q5_0 (22 bytes per 32): Q8_0 blocks of the same half scale and bytes {@code q - 16}. (Q4_0 is not
     * repacked: its nibbles unpack with a mask and a shift, and read in place it decoded about 10% faster than
     * as Q8_0, with half the bytes and no load time.)
     */
    Q5_0(GgmlType.Q5_0, PackedLayout.Q8_0);

    /**
     * The types repacked unless the system property {@code corvid.repack} names others (a comma-separated
     * list of type names, or {@code none}).
     */
    static final String DEFAULT = "Q6_K,Q4_K,Q5_K,Q5_0";

    private static final Set<GgmlType> ENABLED = parse(System.getProperty("corvid.repack", DEFAULT));
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Eight unpacked values at a time, one per byte of a long: the low nibble of each byte, a one in each byte. */
    private static final long LOW_NIBBLES = 0x0F0F0F0F0F0F0F0FL;
    private static final long ONES = 0x0101010101010101L;
    private static final long[] SPREAD = LongStream.range(0, 256)
            .map(bits -> LongStream.range(0, 8).map(j -> (bits >>> j & 1) << (8 * j)).sum()).toArray();
    /** Rows repacked per parallel task at least. */
    private static final int MIN_ROWS_PER_TASK = 16;

    private final GgmlType source;
    private final PackedLayout layout;

    Repacker(GgmlType source, PackedLayout layout) {
        this.source = source;
        this.layout = layout;
    }

    public GgmlType source() {
        return source;
    }

    public PackedLayout layout() {
        return layout;
    }

    /** The repacker fast mode uses for {@code type}, or null when its weights are used in place. */
    public static Repacker forType(GgmlType type) {
        if (!ENABLED.contains(type)) {
            return null;
        }
        for (Repacker r : values()) {
            if (r.source == type) {
                return r;
            }
        }
        return null;
    }

    /**
     * The fast-mode matrix of {@code rows x cols} values of {@code type} in {@code data}: repacked into
     * memory of {@code arena} when {@link #forType} says so, else read in place through a plain native
     * view of the same memory, valid while {@code arena} is open.
     *
     * <p>Every weight segment the kernels read is thus of one implementation class: the JIT's type
     * profiles at the Vector API's segment accesses are shared by all kernels, and a mix of mapped and
     * plain native segments makes them bimorphic, which made every product about three times slower.
     */
    public static WeightMatrix fastMatrix(GgmlType type, MemorySegment data, int rows, int cols, Arena arena) {
        Repacker repacker = forType(type);
        if (repacker == null) {
            return new QuantizedMatrix(type, nativeView(data, arena), rows, cols);
        }
        MemorySegment packed = repacker.repack(data, rows, cols, arena);
        if (data.isMapped()) {
            data.unload();
        }
        return new QuantizedMatrix(repacker.layout, packed, rows, cols);
    }

    /** {@code data}'s memory (a mapped file's, typically) as a plain native segment living as long as {@code arena}. */
    private static MemorySegment nativeView(MemorySegment data, Arena arena) {
        if (!data.isNative() || !data.isMapped()) {
            return data;
        }
        return MemorySegment.ofAddress(data.address()).reinterpret(data.byteSize(), arena, null).asReadOnly();
    }

    /** {@code rows} rows of {@code cols} values in the {@link #source()} encoding, rewritten in {@link #layout()}. */
    public MemorySegment repack(MemorySegment data, int rows, int cols) {
        return repack(data, rows, cols, Arena.ofAuto());
    }

    /** As {@link #repack(MemorySegment, int, int)}, into memory of {@code arena}. */
    public MemorySegment repack(MemorySegment data, int rows, int cols, Arena arena) {
        long srcRow = source.byteSize(cols);
        long dstRow = layout.byteSize(cols);
        if (cols % source.blockSize() != 0 || cols % layout.blockValues() != 0 || srcRow * rows != data.byteSize()) {
            throw new IllegalArgumentException(data.byteSize() + " bytes do not hold a " + rows + " x " + cols
                    + " " + source + " matrix");
        }
        MemorySegment packed = LargePages.allocate(dstRow * rows, arena);
        int blocks = cols / source.blockSize();
        int tasks = Math.max(1, Math.min(rows / MIN_ROWS_PER_TASK, 8 * Runtime.getRuntime().availableProcessors()));
        IntStream.range(0, tasks).parallel().forEach(task -> {
            byte[] in = new byte[(int) srcRow];
            byte[] out = new byte[(int) dstRow];
            int from = (int) ((long) rows * task / tasks);
            int to = (int) ((long) rows * (task + 1) / tasks);
            for (int r = from; r < to; r++) {
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, r * srcRow, in, 0, in.length);
                repackRow(in, out, blocks);
                MemorySegment.copy(out, 0, packed, ValueLayout.JAVA_BYTE, r * dstRow, out.length);
            }
        });
        return packed.asReadOnly();
    }

    /** One row of {@code blocks} source blocks. */
    void repackRow(byte[] in, byte[] out, int blocks) {
        int inBytes = source.bytesPerBlock();
        int outBytes = layout.blockBytes() * source.blockSize() / layout.blockValues();
        for (int b = 0; b < blocks; b++) {
            int i = b * inBytes;
            int o = b * outBytes;
            switch (this) {
                case Q6_K -> q6K(in, i, out, o);
                case Q4_K -> q4K(in, i, out, o);
                case Q5_K -> q5K(in, i, out, o);
                case Q5_0 -> q5_0(in, i, out, o);
            }
        }
    }

    /**
     * Q5_0 to Q8_0: the half scale copied; value {@code j} and {@code j + 16} from the nibbles of byte {@code j}
     * and bits {@code j} and {@code j + 16} of the fifth-bit word.
     */
    private static void q5_0(byte[] in, int at, byte[] out, int o) {
        int fifthBits = (int) INT_LE.get(in, at + 2);
        out[o] = in[at];
        out[o + 1] = in[at + 1];
        for (int g = 0; g < 2; g++) {
            long packed = (long) LONG_LE.get(in, at + 6 + 8 * g);
            long low = packed & LOW_NIBBLES | spread(fifthBits >>> (8 * g)) << 4;
            long high = packed >>> 4 & LOW_NIBBLES | spread(fifthBits >>> (16 + 8 * g)) << 4;
            LONG_LE.set(out, o + 2 + 8 * g, minus(low, 16));
            LONG_LE.set(out, o + 2 + 16 + 8 * g, minus(high, 16));
        }
    }

    /** Q6_K to Q8_S16, values in ggml's order (see {@link Q6_KKernel}). */
    private static void q6K(byte[] in, int at, byte[] out, int o) {
        float d = half(in, at + 208);
        for (int g = 0; g < 16; g++) {
            FLOAT_LE.set(out, o + 4 * g, d * in[at + 192 + g]);
        }
        for (int half = 0; half < 2; half++) {
            for (int k = 0; k < 4; k++) {
                for (int column = 0; column < 32; column += 8) {
                    long low = (long) LONG_LE.get(in, at + half * 64 + 32 * (k % 2) + column) >>> (4 * (k / 2))
                            & LOW_NIBBLES;
                    long high = (long) LONG_LE.get(in, at + 128 + half * 32 + column) >>> (2 * k) & 3 * ONES;
                    LONG_LE.set(out, o + 64 + half * 128 + k * 32 + column, minus(low | high << 4, 32));
                }
            }
        }
    }

    /** Q5_K to Q8_SM32: the low four bits from the nibbles, the fifth from bit {@code sub} of the 32 high-bit bytes. */
    private static void q5K(byte[] in, int at, byte[] out, int o) {
        scalesAndMins(in, at, out, o);
        for (int sub = 0; sub < 8; sub++) {
            int qByte = at + 48 + (sub / 2) * 32;
            int shift = 4 * (sub % 2);
            for (int i = 0; i < 32; i += 8) {
                long q = (long) LONG_LE.get(in, qByte + i) >>> shift & LOW_NIBBLES;
                q |= ((long) LONG_LE.get(in, at + 16 + i) >>> sub & ONES) << 4;
                LONG_LE.set(out, o + 64 + 32 * sub + i, q);
            }
        }
    }

    /** The 8 float products {@code d * scale}, then the 8 {@code dmin * min}, of the K-quant block at {@code at}. */
    private static void scalesAndMins(byte[] in, int at, byte[] out, int o) {
        float d = half(in, at);
        float dmin = half(in, at + 2);
        for (int sub = 0; sub < 8; sub++) {
            FLOAT_LE.set(out, o + 4 * sub, d * scale(in, at + 4, sub));
            FLOAT_LE.set(out, o + 32 + 4 * sub, dmin * min(in, at + 4, sub));
        }
    }

    /**
     * Q4_K to Q4_SM32: the scales as {@link #q5K}; sub-block {@code sub}'s quant {@code i} in the low nibble and
     * quant {@code i + 16} in the high nibble of its byte {@code i}.
     */
    private static void q4K(byte[] in, int at, byte[] out, int o) {
        scalesAndMins(in, at, out, o);
        for (int sub = 0; sub < 8; sub++) {
            int qByte = at + 16 + (sub / 2) * 32;
            int shift = 4 * (sub % 2);
            for (int i = 0; i < 16; i += 8) {
                long low = (long) LONG_LE.get(in, qByte + i) >>> shift & LOW_NIBBLES;
                long high = (long) LONG_LE.get(in, qByte + 16 + i) >>> shift & LOW_NIBBLES;
                LONG_LE.set(out, o + 64 + 16 * sub + i, low | high << 4);
            }
        }
    }

    /** Byte {@code j} of the result is 1 where bit {@code j} of {@code bits} (its low eight) is set. */
    private static long spread(int bits) {
        return SPREAD[bits & 0xFF];
    }

    /**
     * Eight bytes {@code q} in {@code [0, 2 * offset)}, {@code offset} a power of two, each turned into the
     * signed byte {@code q - offset}: the low bits stay, and where the {@code offset} bit is clear the result
     * is negative, so every bit above it is set (no byte borrows from its neighbour).
     */
    private static long minus(long q, int offset) {
        return q & (offset - 1) * ONES | (~q & offset * ONES) * (256 / offset - 1);
    }

    private static int scale(byte[] b, int field, int j) {
        if (j < 4) {
            return b[field + j] & 63;
        }
        return (b[field + j + 4] & 0x0F) | ((b[field + j - 4] & 0xFF) >>> 6 << 4);
    }

    private static int min(byte[] b, int field, int j) {
        if (j < 4) {
            return b[field + j + 4] & 63;
        }
        return ((b[field + j + 4] & 0xFF) >>> 4) | ((b[field + j] & 0xFF) >>> 6 << 4);
    }

    private static float half(byte[] b, int at) {
        return Float.float16ToFloat((short) SHORT_LE.get(b, at));
    }

    private static Set<GgmlType> parse(String list) {
        if (list.isBlank() || list.trim().equalsIgnoreCase("none")) {
            return Set.of();
        }
        return Arrays.stream(list.split(","))
                .map(s -> GgmlType.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
    }
}
