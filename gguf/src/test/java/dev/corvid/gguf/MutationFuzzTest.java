package dev.corvid.gguf;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded mutation fuzzing of real files: thousands of shared GGUFs with bytes flipped, overwritten,
 * big numbers spliced in, or cut short, all in the header, metadata and tensor directory. Each mutant
 * either parses, and then every tensor lies inside the file, or is refused with a
 * {@link GgufFormatException}: never another exception, an error, or a hang. Deterministic: a failure
 * names the file, seed, mutant number and mutations, and happens again on every run.
 */
class MutationFuzzTest {
    private static final long SEED = 20_251_201L;
    private static final int MUTANTS_PER_FILE = 1500;
    /** Small files of every kind: quantized models of both architectures, LoRA adapters, a vocabulary. */
    private static final List<String> FILES = List.of(
            "models/stories260K.Q4_0.gguf",
            "models/synth-qwen2-256x2.Q4_K_M.gguf",
            "models/synth-llama-256x2.Q4_K_M.gguf",
            "golden-lora/adapters/synth-qwen2-256x2.lora-r4-qv.gguf",
            "golden-lora/adapters/stories260K.lora-r2.gguf",
            "vocab/ggml-vocab-llama-bpe-trunc8k.gguf");
    /** Numbers that break length, count, offset and size fields: around powers of two and the file's size. */
    private static final long[] BIG = {
            0, 1, 2, 31, 32, 33, 63, 64, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL,
            1L << 32, 1L << 40, 1L << 61, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE, -1, -32};

    @Test
    void mutatedHeadersParseOrAreRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int parsed = 0;
            int refused = 0;
            for (String name : FILES) {
                int[] outcome = fuzz(SharedAssets.root().resolve(name));
                parsed += outcome[0];
                refused += outcome[1];
            }
            assertEquals(FILES.size() * MUTANTS_PER_FILE, parsed + refused);
            // Both outcomes must be common, or the mutations are too mild or too wild to test anything.
            assertTrue(parsed > FILES.size() * 50, parsed + " mutants parsed");
            assertTrue(refused > FILES.size() * 500, refused + " mutants refused");
        });
    }

    /** Returns how many mutants parsed and how many were refused. */
    private static int[] fuzz(Path file) throws IOException {
        byte[] original = Files.readAllBytes(file);
        long headerEnd;
        try (GgufFile f = parse(MemorySegment.ofArray(original))) {
            headerEnd = f.dataOffset();
        }
        byte[] work = original.clone();
        long seed = SEED ^ file.getFileName().toString().hashCode();
        Random random = new Random(seed);
        int[] outcome = new int[2];
        for (int i = 0; i < MUTANTS_PER_FILE; i++) {
            Mutator mutator = new Mutator(work, (int) headerEnd, random);
            int count = random.nextInt(8) == 0 ? 2 + random.nextInt(3) : 1;
            for (int m = 0; m < count; m++) {
                mutator.mutate();
            }
            String what = file.getFileName() + " seed " + seed + " mutant " + i + ": " + mutator.log;
            outcome[check(MemorySegment.ofArray(work).asSlice(0, mutator.length), what) ? 0 : 1]++;
            System.arraycopy(original, 0, work, 0, (int) headerEnd); // mutations stay inside the header
        }
        return outcome;
    }

    /** True when the mutant parsed, false when it was refused; fails the test otherwise. */
    private static boolean check(MemorySegment mutant, String what) {
        try (GgufFile f = parse(mutant)) {
            for (GgufTensor t : f.tensors()) {
                long start = f.dataOffset() + t.offset();
                assertTrue(t.offset() >= 0 && t.byteSize() >= 0 && t.byteSize() <= mutant.byteSize() - start,
                        what + ": tensor " + t + " at file byte " + start + " lies outside the file");
                assertEquals(t.type().byteSize(t.elementCount()), t.byteSize(), what + ": " + t);
                assertEquals(start, t.data().address(), what + ": view of " + t.name());
                assertEquals(t.byteSize(), t.data().byteSize(), what + ": view of " + t.name());
            }
            return true;
        } catch (GgufFormatException e) {
            assertTrue(e.getMessage().startsWith(Parsing.NAME + ": "), what + ": message names no file: " + e.getMessage());
            return false;
        } catch (Throwable t) {
            fail(what + ": neither parsed nor refused", t);
            throw new AssertionError(t);
        }
    }

    private static GgufFile parse(MemorySegment bytes) {
        return GgufReader.parse(bytes, Path.of(Parsing.NAME), Arena.ofConfined());
    }

    /** Changes bytes of the header in place and logs each change, so that a failure can be replayed. */
    private static final class Mutator {
        private final byte[] bytes;
        private final int headerEnd;
        private final Random random;
        final List<String> log = new ArrayList<>();
        long length;

        Mutator(byte[] bytes, int headerEnd, Random random) {
            this.bytes = bytes;
            this.headerEnd = headerEnd;
            this.random = random;
            this.length = bytes.length;
        }

        void mutate() {
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> {
                    int at = position();
                    int bit = random.nextInt(8);
                    bytes[at] ^= (byte) (1 << bit);
                    log.add("flip bit " + bit + " of byte " + at);
                }
                case 3, 4 -> {
                    int at = position();
                    bytes[at] = (byte) random.nextInt(256);
                    log.add("byte " + at + " = " + (bytes[at] & 0xFF));
                }
                case 5, 6, 7, 8 -> splice();
                default -> {
                    length = random.nextBoolean() ? random.nextInt(headerEnd + 1) : random.nextLong(length + 1);
                    log.add("truncate to " + length + " bytes");
                }
            }
        }

        /** A big number, as a u32 or a u64, where a count, length, dimension, type or offset may be. */
        private void splice() {
            int width = random.nextBoolean() ? 8 : 4;
            int at = Math.min(position(), headerEnd - width);
            long value = random.nextInt(4) == 0 ? length - at : BIG[random.nextInt(BIG.length)];
            for (int i = 0; i < width; i++) {
                bytes[at + i] = (byte) (value >>> (8 * i));
            }
            log.add("u" + (8 * width) + " at byte " + at + " = " + value);
        }

        /** Mostly the header counts and first keys, and the tensor directory at the header's end. */
        private int position() {
            return switch (random.nextInt(3)) {
                case 0 -> random.nextInt(Math.min(512, headerEnd));
                case 1 -> headerEnd - 1 - random.nextInt(Math.min(4096, headerEnd));
                default -> random.nextInt(headerEnd);
            };
        }
    }
}
