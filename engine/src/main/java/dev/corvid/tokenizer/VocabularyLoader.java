package dev.corvid.tokenizer;

import dev.corvid.gguf.GgufArray;
import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufValueType;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Reads a {@link Vocabulary} from GGUF metadata with llama.cpp's defaults and fix-ups: per-model
 * default special ids and flags, metadata overrides, special tokens recognised by their text
 * (end-of-turn, fill-in-the-middle), the end-of-generation set, and per-model token attributes.
 */
final class VocabularyLoader {
    private VocabularyLoader() {
    }

    // Texts that mark a role when metadata does not name it, in llama.cpp's order of listing.
    // llama.cpp takes the first match in hash-map order; we take the first in this list order,
    // which agrees with llama.cpp on the Llama-3, Qwen2, Phi-3 and DeepSeek vocabularies; see
    // TokenizerSpecialIdsTest.endOfTurnFallsBackToListOrder for a truncated one where it does not.
    private static final Map<SpecialToken, List<String>> ROLE_TEXTS = Map.of(
            SpecialToken.EOT, List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
                    "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>"),
            SpecialToken.EOM, List.of("<|eom_id|>"),
            SpecialToken.FIM_PRE, List.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>",
                    "▁<PRE>", "<|code_prefix|>", "<|prefix|>"),
            SpecialToken.FIM_SUF, List.of("<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>",
                    "▁<SUF>", "<|code_suffix|>", "<|suffix|>"),
            SpecialToken.FIM_MID, List.of("<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>",
                    "▁<MID>", "<|code_middle|>", "<|middle|>"),
            SpecialToken.FIM_PAD, List.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"),
            SpecialToken.FIM_REP, List.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"),
            SpecialToken.FIM_SEP, List.of("<|file_sep|>"));

    /** Token texts that end generation whatever the metadata says. */
    private static final Set<String> END_OF_GENERATION_TEXTS = Set.of(
            "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
            "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
            "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
            "<｜end▁of▁sentence｜>", "[e~[");

    /** gpt-oss chat markup that must always be rendered, so it is demoted to user-defined. */
    private static final Set<String> ALWAYS_RENDERED = Set.of("<|channel|>", "<|message|>", "<|start|>", "<|constrain|>");

    static Vocabulary load(GgufMetadata meta) {
        String model = meta.getString("tokenizer.ggml.model");
        String pre = meta.findString("tokenizer.ggml.pre").orElse("");
        Vocabulary.Kind kind = switch (model) {
            case "llama" -> Vocabulary.Kind.SPM;
            case "gpt2" -> Vocabulary.Kind.BPE;
            default -> throw new UnsupportedOperationException(meta.source() + ": tokenizer model '" + model
                    + "' is not supported (supported: llama, gpt2)");
        };
        BpeSettings bpe;
        try {
            bpe = kind == Vocabulary.Kind.BPE ? BpeSettings.forName(pre) : null;
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException(meta.source() + ": tokenizer.ggml.pre: " + e.getMessage(), e);
        }

        String[] texts = meta.getArray("tokenizer.ggml.tokens", GgufValueType.STRING).strings();
        int n = texts.length;
        if (n == 0) {
            throw new GgufFormatException(meta.source() + ": tokenizer.ggml.tokens is empty: a vocabulary needs tokens");
        }
        float[] scores = readScores(meta, n);
        int[] attributes = readAttributes(meta, n);
        checkByteTokens(meta, texts, attributes);
        Map<String, Integer> idsByText = HashMap.newHashMap(n);
        for (int id = 0; id < n; id++) {
            if (texts[id].isEmpty()) {
                texts[id] = "[EMPTY_" + id + "]";
            }
            idsByText.put(texts[id], id); // a repeated text maps to its last id
        }

        int[] specialIds = new int[SpecialToken.values().length];
        Arrays.fill(specialIds, Vocabulary.NONE);
        boolean addSpacePrefix;
        boolean addBos;
        boolean cleanSpaces;
        if (kind == Vocabulary.Kind.SPM) {
            specialIds[SpecialToken.BOS.ordinal()] = 1;
            specialIds[SpecialToken.EOS.ordinal()] = 2;
            specialIds[SpecialToken.UNK.ordinal()] = 0;
            addSpacePrefix = true;
            addBos = true;
            cleanSpaces = false;
        } else {
            specialIds[SpecialToken.BOS.ordinal()] = bpe.noBos() ? Vocabulary.NONE : 11;
            specialIds[SpecialToken.EOS.ordinal()] = 11;
            addSpacePrefix = false;
            addBos = bpe.addBos();
            cleanSpaces = bpe.cleanSpaces();
        }
        addSpacePrefix = meta.getBoolean("tokenizer.ggml.add_space_prefix", addSpacePrefix);
        readSpecialIds(meta, specialIds, n);
        addBos = meta.getBoolean("tokenizer.ggml.add_bos_token", addBos);
        boolean addEos = meta.getBoolean("tokenizer.ggml.add_eos_token", false);

        findRolesByText(idsByText, specialIds, attributes);
        markUnused(texts, attributes);
        Set<Integer> eog = endOfGeneration(texts, idsByText, specialIds, attributes);
        int[] specialTokens = specialTokensLongestFirst(texts, attributes);
        applyModelSpecificAttributes(meta, pre, idsByText, specialTokens, attributes);

        return new Vocabulary(meta.source(), kind, bpe, texts, scores, attributes, Collections.unmodifiableMap(idsByText), specialIds,
                Set.copyOf(eog), specialTokens, addSpacePrefix, addBos, addEos, cleanSpaces);
    }

    private static float[] readScores(GgufMetadata meta, int n) {
        float[] scores = new float[n];
        meta.find("tokenizer.ggml.scores").ifPresent(v -> {
            GgufArray a = meta.getArray("tokenizer.ggml.scores");
            float[] values = switch (a.elementType()) {
                case FLOAT32 -> a.floats();
                case INT32 -> toFloats(a.ints());
                default -> throw new GgufFormatException(meta.source() + ": tokenizer.ggml.scores has type "
                        + a.elementType());
            };
            requireLength(meta, "tokenizer.ggml.scores", values.length, n);
            System.arraycopy(values, 0, scores, 0, n);
        });
        return scores;
    }

    private static float[] toFloats(int[] ints) {
        float[] f = new float[ints.length];
        for (int i = 0; i < ints.length; i++) {
            f[i] = ints[i];
        }
        return f;
    }

    private static int[] readAttributes(GgufMetadata meta, int n) {
        int[] attributes = new int[n];
        if (!meta.contains("tokenizer.ggml.token_type")) {
            Arrays.fill(attributes, TokenAttributes.NORMAL);
            return attributes;
        }
        int[] types = meta.getArray("tokenizer.ggml.token_type", GgufValueType.INT32).ints();
        requireLength(meta, "tokenizer.ggml.token_type", types.length, n);
        for (int i = 0; i < n; i++) {
            attributes[i] = TokenAttributes.fromGgufTokenType(types[i]);
        }
        return attributes;
    }

    /**
     * A BYTE token stands for the byte its text spells as {@code <0xXX>}; one spelled otherwise would fail
     * when generated (llama.cpp reads garbage or aborts), so the file is refused now.
     */
    private static void checkByteTokens(GgufMetadata meta, String[] texts, int[] attributes) {
        for (int id = 0; id < texts.length; id++) {
            if ((attributes[id] & TokenAttributes.BYTE) != 0 && !Vocabulary.BYTE_TEXT.matcher(texts[id]).matches()) {
                throw new GgufFormatException(meta.source() + ": tokenizer.ggml.tokens: token " + id
                        + " is a BYTE token (tokenizer.ggml.token_type 6) but its text '" + abbreviate(texts[id])
                        + "' is not <0xXX>");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static void requireLength(GgufMetadata meta, String key, int length, int n) {
        if (length < n) {
            throw new GgufFormatException(meta.source() + ": " + key + " has " + length + " entries for " + n + " tokens");
        }
    }

    /** Metadata ids override the defaults; an id outside the vocabulary is ignored (and so is a bad default). */
    private static void readSpecialIds(GgufMetadata meta, int[] ids, int n) {
        for (SpecialToken role : SpecialToken.values()) {
            for (String key : role.metadataKeys()) {
                if (ids[role.ordinal()] >= n) {
                    ids[role.ordinal()] = Vocabulary.NONE;
                }
                if (meta.contains(key)) {
                    long id = meta.getLong(key);
                    if (id >= 0 && id < n) {
                        ids[role.ordinal()] = (int) id;
                    }
                }
            }
        }
    }

    /** Roles the metadata left open are found by token text; such tokens become CONTROL. */
    private static void findRolesByText(Map<String, Integer> idsByText, int[] ids, int[] attributes) {
        for (var entry : ROLE_TEXTS.entrySet()) {
            int role = entry.getKey().ordinal();
            for (String text : entry.getValue()) {
                Integer id = idsByText.get(text);
                if (ids[role] == Vocabulary.NONE && id != null) {
                    ids[role] = id;
                    attributes[id] |= TokenAttributes.CONTROL;
                }
            }
        }
    }

    /** Control tokens whose text says "unused" are placeholders. */
    private static void markUnused(String[] texts, int[] attributes) {
        for (int id = 0; id < texts.length; id++) {
            if ((attributes[id] & TokenAttributes.CONTROL) != 0 && texts[id].contains("unused")) {
                attributes[id] |= TokenAttributes.UNUSED;
            }
        }
    }

    private static Set<Integer> endOfGeneration(String[] texts, Map<String, Integer> idsByText, int[] ids,
                                                int[] attributes) {
        Set<Integer> eog = new TreeSet<>();
        for (SpecialToken role : List.of(SpecialToken.FIM_PAD, SpecialToken.FIM_REP, SpecialToken.FIM_SEP)) {
            addIfPresent(eog, ids[role.ordinal()]);
        }
        for (String text : END_OF_GENERATION_TEXTS) {
            Integer id = idsByText.get(text);
            if (id != null) {
                eog.add(id);
                attributes[id] |= TokenAttributes.CONTROL;
            }
        }
        for (String text : ALWAYS_RENDERED) {
            Integer id = idsByText.get(text);
            if (id != null) {
                attributes[id] = TokenAttributes.USER_DEFINED;
            }
        }
        for (SpecialToken role : List.of(SpecialToken.EOS, SpecialToken.EOT, SpecialToken.EOM)) {
            addIfPresent(eog, ids[role.ordinal()]);
        }
        // gpt-oss / solar-open: "<|end|>" ends a message, not the generation, when "<|return|>" and
        // "<|call|>" (or "<|calls|>" and "<|flush|>") exist.
        boolean hasReturn = hasEog(eog, texts, "<|return|>");
        boolean hasCall = hasEog(eog, texts, "<|call|>") || hasEog(eog, texts, "<|calls|>");
        boolean hasFlush = hasEog(eog, texts, "<|flush|>");
        Integer end = eogWithText(eog, texts, "<|end|>");
        if (end != null && hasCall && (hasReturn || hasFlush)) {
            eog.remove(end);
            attributes[end] = TokenAttributes.USER_DEFINED;
        }
        // Gemma 4 / PaddleOCR: "</s>" is not an end of generation when "<|tool_response>" exists.
        Integer closingS = eogWithText(eog, texts, "</s>");
        if (closingS != null && hasEog(eog, texts, "<|tool_response>")) {
            eog.remove(closingS);
            attributes[closingS] = TokenAttributes.NORMAL;
        }
        return eog;
    }

    private static void addIfPresent(Set<Integer> set, int id) {
        if (id != Vocabulary.NONE) {
            set.add(id);
        }
    }

    private static boolean hasEog(Set<Integer> eog, String[] texts, String text) {
        return eogWithText(eog, texts, text) != null;
    }

    private static Integer eogWithText(Set<Integer> eog, String[] texts, String text) {
        return eog.stream().filter(id -> texts[id].equals(text)).findFirst().orElse(null);
    }

    /**
     * Control, user-defined and unknown tokens by decreasing text length (UTF-8 bytes). llama.cpp's
     * unstable sort leaves ties in an unspecified order; we break them by id. Ties only matter when
     * two equally long special texts overlap in the input, which no known vocabulary has.
     */
    private static int[] specialTokensLongestFirst(String[] texts, int[] attributes) {
        int kinds = TokenAttributes.CONTROL | TokenAttributes.USER_DEFINED | TokenAttributes.UNKNOWN;
        int[] lengths = new int[texts.length];
        return IntStream.range(0, texts.length)
                .filter(id -> (attributes[id] & kinds) != 0)
                .peek(id -> lengths[id] = texts[id].getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .boxed()
                .sorted(Comparator.comparingInt((Integer id) -> -lengths[id]).thenComparingInt(id -> id))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Attributes llama.cpp sets by model, tokenizer or architecture name (they are missing from GGUF). */
    private static void applyModelSpecificAttributes(GgufMetadata meta, String pre, Map<String, Integer> idsByText,
                                                     int[] specialTokens, int[] attributes) {
        String name = meta.findString("general.name").orElse("").toLowerCase(Locale.ROOT);
        String arch = meta.findString("general.architecture").orElse("");
        if (containsAny(pre, "jina-v2-de", "jina-v2-es", "jina-v2-code") || containsAny(arch, "nomic-bert-moe", "jina-bert-v3")) {
            setIfPresent(idsByText, attributes, "<mask>", TokenAttributes.LSTRIP, true);
        } else if (containsAny(name, "phi-3", "phi3")) {
            for (int id : specialTokens) {
                attributes[id] |= TokenAttributes.RSTRIP;
            }
            setIfPresent(idsByText, attributes, "</s>", TokenAttributes.RSTRIP, true);
            for (String text : List.of("<unk>", "<s>", "<|endoftext|>")) {
                setIfPresent(idsByText, attributes, text, TokenAttributes.RSTRIP, false);
            }
        } else if (containsAny(name, "modern-bert")) {
            setIfPresent(idsByText, attributes, "[MASK]", TokenAttributes.LSTRIP, true);
        }
    }

    private static boolean containsAny(String s, String... parts) {
        return Arrays.stream(parts).anyMatch(s::contains);
    }

    private static void setIfPresent(Map<String, Integer> idsByText, int[] attributes, String text, int bit, boolean on) {
        Integer id = idsByText.get(text);
        if (id != null) {
            attributes[id] = on ? attributes[id] | bit : attributes[id] & ~bit;
        }
    }
}
