package dev.corvid.lora;

import dev.corvid.gguf.GgufArray;
import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufValueType;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.InferenceState;
import dev.corvid.model.Model;
import dev.corvid.model.Precision;
import dev.corvid.model.UnsupportedModelException;
import dev.corvid.quant.GgmlType;
import dev.corvid.quantize.FileType;
import dev.corvid.quantize.QuantizationPlan;
import dev.corvid.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded mutation fuzzing of what the loaders make of metadata values (MutationFuzzTest in the gguf module
 * fuzzes the bytes the reader parses; these mutants are well-formed GGUF): integers become 0, -1, huge or
 * off by one, floats NaN or infinite, strings garbage, arrays empty, short, long or with a bad element, keys
 * vanish or appear, values change type; adapter tensors are renamed or dropped. Each mutant goes to
 * {@link Tokenizer#fromGguf} (and then encodes and decodes), {@link Model#load} (and then evaluates two
 * tokens), {@link QuantizationPlan#of(GgufFile, FileType)}, or {@link LoraAdapter#load} (and then
 * {@link LoraStack#of} on its base model). Each either works or throws one of its documented exceptions
 * with a message naming the file: never another exception, and never a hang. Deterministic: a failure
 * names the source, seed, mutant and mutations, and happens again on every run.
 *
 * <p>It lives in the lora module because that is the one that sees every loader.
 */
class LoaderMutationFuzzTest {
    private static final long SEED = 20_251_202L;
    /** Per source file; each model and adapter mutant is a file written and loaded, a vocabulary mutant is not. */
    private static final int VOCABULARY_MUTANTS = 150;
    private static final int MODEL_MUTANTS = 100;
    private static final int ADAPTER_MUTANTS = 100;
    private static final String TEXT = "Hello world! Once upon a time, 12345 <s> </s> <|im_end|> é 日本 \n\t  end";

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- vocabularies

    @Test
    void mutatedVocabulariesLoadOrAreRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            int[] outcome = new int[2];
            for (String file : List.of("models/stories260K.gguf", "models/synth-qwen2-256x2.Q8_0.gguf",
                    "vocab/ggml-vocab-llama-bpe-trunc8k.gguf")) {
                fuzzVocabulary(SharedAssets.root().resolve(file), VOCABULARY_MUTANTS, outcome);
            }
            assertMixed(outcome, 3 * VOCABULARY_MUTANTS);
        });
    }

    private static void fuzzVocabulary(Path file, int mutants, int[] outcome) throws IOException {
        Map<String, GgufValue> original;
        try (GgufFile f = GgufFile.open(file)) {
            original = new LinkedHashMap<>(f.metadata().asMap());
        }
        long seed = SEED ^ file.getFileName().toString().hashCode();
        Random random = new Random(seed);
        List<String> extraKeys = List.of("tokenizer.ggml.pre", "tokenizer.ggml.bos_token_id",
                "tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id", "tokenizer.ggml.padding_token_id",
                "tokenizer.ggml.unknown_token_id", "tokenizer.ggml.add_bos_token", "tokenizer.ggml.add_eos_token",
                "tokenizer.ggml.add_space_prefix", "tokenizer.ggml.scores", "tokenizer.ggml.token_type",
                "tokenizer.ggml.merges", "general.name");
        for (int i = 0; i < mutants; i++) {
            Map<String, GgufValue> m = new LinkedHashMap<>(original);
            Mutator mutator = new Mutator(random, m);
            mutator.mutateSome(k -> k.startsWith("tokenizer.") || k.equals("general.name"), extraKeys);
            String source = "mutant-vocab-" + i + ".gguf";
            String what = file.getFileName() + " seed " + seed + " mutant " + i + ": " + mutator.log;
            boolean loaded = outcome(what, source, () -> {
                Tokenizer t = Tokenizer.fromGguf(new GgufMetadata(source, m));
                use(t, what, source);
            }, GgufFormatException.class, UnsupportedOperationException.class);
            outcome[loaded ? 0 : 1]++;
        }
    }

    /** A loaded tokenizer must work: encoding may only fail for want of a token, naming the file. */
    private static void use(Tokenizer t, String what, String source) {
        for (int id = 0; id < t.vocabSize(); id++) {
            t.piece(id, true);
            t.piece(id, false);
        }
        for (boolean special : new boolean[] {false, true}) {
            int[] ids;
            try {
                ids = t.encode(TEXT, special, special);
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage().startsWith(source + ": "), what + ": message names no file: " + e.getMessage());
                continue;
            }
            for (int id : ids) {
                assertTrue(id >= 0 && id < t.vocabSize(), what + ": encoded id " + id);
            }
            t.detokenize(ids, special, special);
            var decoder = t.newStreamingDecoder(special);
            for (int id : ids) {
                decoder.accept(id);
            }
            decoder.flush();
        }
    }

    // ---------------------------------------------------------------- models and quantization plans

    @Test
    void mutatedModelsLoadOrAreRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
            int[] models = new int[2];
            int[] plans = new int[2];
            for (String name : List.of("stories260K.gguf", "synth-qwen2-256x2.Q8_0.gguf")) {
                fuzzModel(SharedAssets.models().resolve(name), MODEL_MUTANTS, models, plans);
            }
            assertMixed(models, 2 * MODEL_MUTANTS);
            assertMixed(plans, 2 * MODEL_MUTANTS);
        });
    }

    private void fuzzModel(Path file, int mutants, int[] models, int[] plans) throws IOException {
        try (GgufFile base = GgufFile.open(file)) {
            String arch = base.metadata().getString("general.architecture");
            Map<String, GgufValue> original = new LinkedHashMap<>();
            base.metadata().asMap().forEach((k, v) -> {
                if (!k.startsWith("tokenizer.")) {
                    original.put(k, v); // the model does not read them; the vocabulary test covers them
                }
            });
            String p = arch + ".";
            List<String> extraKeys = List.of(p + "attention.key_length", p + "attention.value_length",
                    p + "rope.dimension_count", p + "attention.head_count_kv", p + "rope.scaling.type",
                    p + "rope.scaling.factor", p + "rope.scale_linear", p + "rope.scaling.attn_factor",
                    p + "expert_count", p + "rope.freq_base", "general.architecture");
            long seed = SEED ^ file.getFileName().toString().hashCode();
            Random random = new Random(seed);
            Path mutant = tmp.resolve("mutant-model.gguf");
            for (int i = 0; i < mutants; i++) {
                Map<String, GgufValue> m = new LinkedHashMap<>(original);
                Mutator mutator = new Mutator(random, m);
                List<Tensor> tensors = Tensor.all(base);
                if (random.nextInt(5) == 0) {
                    mutator.mutateTensors(tensors, base.metadata().getInt(p + "block_count"));
                } else {
                    mutator.mutateSome(k -> k.startsWith(p) || k.equals("general.architecture"), extraKeys);
                }
                Tensor.write(m, tensors, mutant);
                String what = file.getFileName() + " seed " + seed + " mutant " + i + ": " + mutator.log;
                boolean loaded = outcome(what, mutant.getFileName().toString(), () -> {
                    try (Model model = Model.load(mutant, Precision.FAST)) {
                        InferenceState state = model.newState(4);
                        float[] logits = state.evaluate(new int[] {1, 2}, false);
                        assertTrue(logits.length == model.config().vocabularySize(), what);
                    }
                }, GgufFormatException.class, UnsupportedModelException.class);
                models[loaded ? 0 : 1]++;
                boolean planned = outcome(what, mutant.getFileName().toString(), () -> {
                    try (GgufFile f = GgufFile.open(mutant)) {
                        for (FileType type : List.of(FileType.Q4_K_M, FileType.Q2_K)) {
                            QuantizationPlan plan = QuantizationPlan.of(f, type);
                            assertTrue(plan.entries().size() == f.tensors().size(), what);
                        }
                    }
                }, GgufFormatException.class);
                plans[planned ? 0 : 1]++;
            }
        }
    }

    // ---------------------------------------------------------------- adapters

    @Test
    void mutatedAdaptersLoadOrAreRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            int[] outcome = new int[2];
            fuzzAdapter("stories260K.lora-r2.gguf", "stories260K.gguf", ADAPTER_MUTANTS, outcome);
            fuzzAdapter("synth-qwen2-256x2.lora-r4-qv.gguf", "synth-qwen2-256x2.Q8_0.gguf", ADAPTER_MUTANTS, outcome);
            assertMixed(outcome, 2 * ADAPTER_MUTANTS);
        });
    }

    private void fuzzAdapter(String adapterName, String modelName, int mutants, int[] outcome) throws IOException {
        Path file = SharedAssets.root().resolve("golden-lora/adapters").resolve(adapterName);
        try (GgufFile base = GgufFile.open(file); Model model = Model.load(SharedAssets.models().resolve(modelName),
                Precision.FAST)) {
            Map<String, GgufValue> original = new LinkedHashMap<>(base.metadata().asMap());
            List<String> extraKeys = List.of(LoraFile.ALPHA, LoraFile.GENERAL_TYPE, LoraFile.ADAPTER_TYPE,
                    LoraFile.ARCHITECTURE);
            long seed = SEED ^ adapterName.hashCode();
            Random random = new Random(seed);
            Path mutant = tmp.resolve("mutant-adapter.gguf");
            for (int i = 0; i < mutants; i++) {
                Map<String, GgufValue> m = new LinkedHashMap<>(original);
                Mutator mutator = new Mutator(random, m);
                List<Tensor> tensors = Tensor.all(base);
                if (random.nextBoolean()) {
                    mutator.mutateSome(k -> true, extraKeys);
                } else {
                    mutator.mutateTensors(tensors, model.config().layerCount());
                }
                Tensor.write(m, tensors, mutant);
                String what = adapterName + " seed " + seed + " mutant " + i + ": " + mutator.log;
                boolean loaded = outcome(what, mutant.getFileName().toString(), () -> {
                    LoraAdapter adapter = LoraAdapter.load(mutant);
                    assertTrue(!adapter.weights().isEmpty(), what);
                    try {
                        LoraStack stack = LoraStack.of(model, List.of(adapter.scaled(0.5f)));
                        InferenceState state = model.newState(4);
                        state.setAdapter(stack);
                        state.evaluate(new int[] {1, 2}, false);
                    } catch (IncompatibleAdapterException e) {
                        assertTrue(e.getMessage().contains(mutant.getFileName().toString()),
                                what + ": message names no adapter file: " + e.getMessage());
                    }
                }, GgufFormatException.class);
                outcome[loaded ? 0 : 1]++;
            }
        }
    }

    // ---------------------------------------------------------------- checks

    private interface Work {
        void run() throws Exception;
    }

    /**
     * True when {@code work} completed, false when it threw one of {@code allowed} naming {@code file}; fails
     * the test otherwise.
     */
    @SafeVarargs
    private static boolean outcome(String what, String file, Work work, Class<? extends Exception>... allowed) {
        try {
            work.run();
            return true;
        } catch (Throwable t) {
            if (t instanceof AssertionError a) {
                throw a;
            }
            if (Arrays.stream(allowed).noneMatch(c -> c.isInstance(t))) {
                fail(what + ": neither loaded nor refused with " + Arrays.toString(allowed), t);
            }
            String message = String.valueOf(t.getMessage());
            assertTrue(message.contains(file), what + ": message names no file: " + message);
            return false;
        }
    }

    /** Both outcomes must be common, or the mutations are too mild or too wild to test anything. */
    private static void assertMixed(int[] outcome, int total) {
        assertTrue(outcome[0] + outcome[1] == total, Arrays.toString(outcome));
        assertTrue(outcome[0] > total / 10, outcome[0] + " of " + total + " mutants loaded");
        assertTrue(outcome[1] > total / 10, outcome[1] + " of " + total + " mutants refused");
    }

    // ---------------------------------------------------------------- mutations

    /** Changes metadata values (and adapter tensor names) and logs each change, so that a failure can be replayed. */
    private static final class Mutator {
        private static final long[] INTEGERS = {0, 1, -1, 2, 3, 7, 8, 11, 31, 32, 64, 255, 256, 4096, 65_535,
                Integer.MAX_VALUE, 1L << 31, 0xFFFF_FFFFL, 1L << 32, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
        private static final float[] FLOATS = {0f, -1f, 1f, 1e-30f, 1e30f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, -0f, 0.5f, 4f};
        private static final String[] STRINGS = {"", "llama", "qwen2", "gpt2", "bert", "mamba", "none", "linear",
                "yarn", "adapter", "lora", "default", "llama3", "qwen2", "gpt-2", "deepseek-coder", "phi-3",
                "<0xZZ>", "<0x0A>", "<0x4>", "<0x41>", "</s>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>",
                "a b", " ", "\u2581", "\uFFFD", "\u0000", "x".repeat(300), "blk.0", "Ġ Ġ"};

        private final Random random;
        private final Map<String, GgufValue> m;
        final List<String> log = new ArrayList<>();

        Mutator(Random random, Map<String, GgufValue> m) {
            this.random = random;
            this.m = m;
        }

        /** One mutation, sometimes a few, of keys {@code relevant} selects or of {@code extraKeys}. */
        void mutateSome(Predicate<String> relevant, List<String> extraKeys) {
            List<String> keys = m.keySet().stream().filter(relevant).toList();
            int count = random.nextInt(6) == 0 ? 2 + random.nextInt(3) : 1;
            for (int i = 0; i < count; i++) {
                boolean extra = keys.isEmpty() || random.nextInt(4) == 0;
                String key = extra ? extraKeys.get(random.nextInt(extraKeys.size()))
                        : keys.get(random.nextInt(keys.size()));
                mutate(key);
            }
        }

        private void mutate(String key) {
            GgufValue old = m.get(key);
            if (old == null || random.nextInt(10) == 0) {
                if (old != null && random.nextBoolean()) {
                    m.remove(key);
                    log.add("remove " + key);
                    return;
                }
                set(key, randomValue());
                return;
            }
            GgufValue changed = switch (old.type()) {
                case ARRAY -> mutateArray((GgufArray) old.value());
                case STRING -> random.nextInt(3) == 0 ? randomValue() : GgufValue.ofString(randomString((String) old.value()));
                case FLOAT32, FLOAT64 -> random.nextInt(4) == 0 ? randomValue()
                        : GgufValue.ofFloat32(FLOATS[random.nextInt(FLOATS.length)]);
                case BOOL -> random.nextInt(3) == 0 ? randomValue() : GgufValue.ofBool(!(Boolean) old.value());
                default -> random.nextInt(5) == 0 ? randomValue() : integer(old.type(), randomInteger((Long) old.value()));
            };
            set(key, changed);
        }

        private void set(String key, GgufValue v) {
            m.put(key, v);
            log.add(key + " = " + v.describe(4));
        }

        private GgufValue randomValue() {
            return switch (random.nextInt(6)) {
                case 0 -> integer(GgufValueType.values()[random.nextInt(6)], randomInteger(1));
                case 1 -> GgufValue.ofFloat32(FLOATS[random.nextInt(FLOATS.length)]);
                case 2 -> GgufValue.ofString(STRINGS[random.nextInt(STRINGS.length)]);
                case 3 -> GgufValue.ofBool(random.nextBoolean());
                case 4 -> GgufValue.ofArray(GgufArray.ofInt32(new int[random.nextInt(3)]));
                default -> GgufValue.ofArray(GgufArray.ofStrings(new String[] {"a", "b"}));
            };
        }

        /** Mostly the values sizes break on: 0, -1, 1, one off, double, half; else one of {@link #INTEGERS}. */
        private long randomInteger(long old) {
            return switch (random.nextInt(10)) {
                case 0, 1 -> 0;
                case 2, 3 -> -1;
                case 4 -> 1;
                case 5 -> old + (random.nextBoolean() ? 1 : -1);
                case 6 -> random.nextBoolean() ? old * 2 : old / 2;
                default -> INTEGERS[random.nextInt(INTEGERS.length)];
            };
        }

        /**
         * {@code v} in {@code type} when it fits; else a negative value as INT32 or as UINT64's raw bits, and
         * a big one as INT64.
         */
        private GgufValue integer(GgufValueType type, long v) {
            try {
                return new GgufValue(type, v);
            } catch (IllegalArgumentException e) {
                if (v < 0 && v >= Integer.MIN_VALUE && random.nextBoolean()) {
                    return new GgufValue(GgufValueType.INT32, v);
                }
                return new GgufValue(v < 0 && random.nextBoolean() ? GgufValueType.UINT64 : GgufValueType.INT64, v);
            }
        }

        private String randomString(String old) {
            return switch (random.nextInt(4)) {
                case 0 -> old.isEmpty() ? "?" : old.substring(0, random.nextInt(old.length()));
                case 1 -> old + STRINGS[random.nextInt(STRINGS.length)];
                default -> STRINGS[random.nextInt(STRINGS.length)];
            };
        }

        private GgufValue mutateArray(GgufArray a) {
            int n = a.length();
            GgufArray changed = switch (random.nextInt(6)) {
                case 0 -> resized(a, 0);
                case 1 -> resized(a, random.nextInt(Math.max(1, n)));
                case 2 -> resized(a, n + 1 + random.nextInt(3));
                case 3 -> GgufArray.ofInt32(new int[] {(int) randomInteger(n)});
                default -> elementChanged(a);
            };
            return GgufValue.ofArray(changed);
        }

        /** {@code a} cut to, or padded with copies of its first element to, {@code length}. */
        private static GgufArray resized(GgufArray a, int length) {
            return switch (a.elementType()) {
                case STRING -> GgufArray.ofStrings(pad(a.strings(), length, "<pad>"));
                case FLOAT32 -> GgufArray.ofFloat32(Arrays.copyOf(a.floats(), length));
                case FLOAT64 -> GgufArray.ofFloat64(Arrays.copyOf(a.doubles(), length));
                case BOOL -> GgufArray.ofBool(Arrays.copyOf(a.booleans(), length));
                case ARRAY -> GgufArray.ofArrays(Arrays.copyOf(a.arrays(), Math.min(length, a.length())));
                default -> GgufArray.ofIntegers(a.elementType(), Arrays.copyOf(a.longs(), length));
            };
        }

        private static String[] pad(String[] s, int length, String filler) {
            String[] out = Arrays.copyOf(s, length);
            for (int i = s.length; i < length; i++) {
                out[i] = filler;
            }
            return out;
        }

        /** One element replaced; mostly among the first few hundred (byte and special tokens live there). */
        private GgufArray elementChanged(GgufArray a) {
            int n = a.length();
            if (n == 0) {
                return GgufArray.ofStrings(new String[] {STRINGS[random.nextInt(STRINGS.length)]});
            }
            int at = random.nextBoolean() ? random.nextInt(Math.min(n, 300)) : random.nextInt(n);
            log.add("element " + at + " of " + n);
            return switch (a.elementType()) {
                case STRING -> {
                    String[] s = a.strings();
                    s[at] = randomString(s[at]);
                    yield GgufArray.ofStrings(s);
                }
                case FLOAT32 -> {
                    float[] f = a.floats();
                    f[at] = FLOATS[random.nextInt(FLOATS.length)];
                    yield GgufArray.ofFloat32(f);
                }
                case INT32 -> {
                    long[] l = a.longs();
                    l[at] = random.nextBoolean() ? random.nextInt(9) - 1 : (int) randomInteger(l[at]);
                    yield GgufArray.ofIntegers(GgufValueType.INT32, l);
                }
                default -> resized(a, n - 1);
            };
        }

        /**
         * Tensors renamed (another layer, a huge layer number, another projection, the other LoRA half, a norm),
         * emptied (a dimension of 0), dropped, or all dropped.
         */
        void mutateTensors(List<Tensor> tensors, int layers) {
            int at = random.nextInt(tensors.size());
            Tensor t = tensors.get(at);
            String renamed = switch (random.nextInt(9)) {
                case 0 -> t.name().replaceFirst("blk\\.\\d+", "blk." + layers);
                case 1 -> t.name().replaceFirst("blk\\.\\d+", "blk." + "9".repeat(5 + random.nextInt(30)));
                case 2 -> t.name().replaceFirst("attn_\\w", "ffn_up");
                case 3 -> t.name().replace(".lora_a", ".lora_b");
                case 4 -> t.name().replaceFirst("\\.weight", "_norm.weight");
                default -> null;
            };
            if (renamed != null) {
                tensors.set(at, new Tensor(renamed, t.type(), t.shape(), t.data()));
                log.add("rename tensor " + t.name() + " to " + renamed);
            } else if (random.nextInt(4) == 0) {
                log.add("drop all " + tensors.size() + " tensors");
                tensors.clear();
            } else if (random.nextBoolean()) {
                tensors.remove(at);
                log.add("drop tensor " + t.name());
            } else {
                long[] shape = t.shape().clone();
                int dim = random.nextInt(shape.length);
                shape[dim] = 0;
                tensors.set(at, new Tensor(t.name(), t.type(), shape, MemorySegment.NULL));
                log.add("tensor " + t.name() + " emptied to " + Arrays.toString(shape));
            }
        }
    }

    /** A tensor to write, possibly renamed or reshaped. */
    private record Tensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        static List<Tensor> all(GgufFile file) {
            List<Tensor> all = new ArrayList<>();
            for (GgufTensor t : file.tensors()) {
                all.add(new Tensor(t.name(), t.type(), t.shape(), t.data()));
            }
            return all;
        }

        /** Writes {@code metadata} and {@code tensors}; of tensors renamed to the same name, the first. */
        static void write(Map<String, GgufValue> metadata, List<Tensor> tensors, Path out) throws IOException {
            GgufWriter w = new GgufWriter().putAll(metadata);
            Set<String> written = new HashSet<>();
            for (Tensor t : tensors) {
                if (written.add(t.name())) {
                    w.addTensor(t.name(), t.type(), t.shape(), t.data());
                }
            }
            w.write(out);
        }
    }
}
