package dev.corvid.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * A loaded vocabulary: token texts, scores and attributes, the text-to-id index, the special
 * token ids and the flags that steer encoding and decoding. Built by {@link VocabularyLoader}.
 */
final class Vocabulary {
    enum Kind { SPM, BPE }

    /** What a BYTE token's text must be: {@code <0xXX>}, two hexadecimal digits. */
    static final java.util.regex.Pattern BYTE_TEXT = java.util.regex.Pattern.compile("<0x[0-9A-Fa-f]{2}>");

    /** Returned for "no such token", as llama.cpp's LLAMA_TOKEN_NULL. */
    static final int NONE = -1;

    /** Where the vocabulary came from (a file name), for error messages. */
    final String source;
    final Kind kind;
    /** The pre-tokenizer choice of a BPE vocabulary; null for SentencePiece. */
    final BpeSettings bpe;
    final String[] texts;
    final float[] scores;
    final int[] attributes;
    final Map<String, Integer> idsByText;
    /** Ids of each {@link SpecialToken} role, {@link #NONE} when absent. */
    final int[] specialIds;
    final Set<Integer> endOfGeneration;
    /** Control, user-defined and unknown tokens, longest text first: the special-token matching order. */
    final int[] specialTokensLongestFirst;
    final boolean addSpacePrefix;
    final boolean addBos;
    final boolean addEos;
    final boolean cleanSpaces;

    Vocabulary(String source, Kind kind, BpeSettings bpe, String[] texts, float[] scores, int[] attributes, Map<String, Integer> idsByText,
               int[] specialIds, Set<Integer> endOfGeneration, int[] specialTokensLongestFirst,
               boolean addSpacePrefix, boolean addBos, boolean addEos, boolean cleanSpaces) {
        this.source = source;
        this.kind = kind;
        this.bpe = bpe;
        this.texts = texts;
        this.scores = scores;
        this.attributes = attributes;
        this.idsByText = idsByText;
        this.specialIds = specialIds;
        this.endOfGeneration = endOfGeneration;
        this.specialTokensLongestFirst = specialTokensLongestFirst;
        this.addSpacePrefix = addSpacePrefix;
        this.addBos = addBos;
        this.addEos = addEos;
        this.cleanSpaces = cleanSpaces;
    }

    int size() {
        return texts.length;
    }

    /** The id of the token spelled {@code text}, or {@link #NONE}. */
    int idOf(String text) {
        Integer id = idsByText.get(text);
        return id == null ? NONE : id;
    }

    int special(SpecialToken role) {
        return specialIds[role.ordinal()];
    }

    boolean has(int id, int attribute) {
        return (attributes[id] & attribute) != 0;
    }

    /** The value of a BYTE token {@code <0xXX>} (the loader checked that every BYTE token is spelled so). */
    int byteValue(int id) {
        return Integer.parseInt(texts[id], 3, 5, 16);
    }

    /**
     * The token for one raw byte in a SentencePiece vocabulary: {@code <0xXX>}, else the byte itself
     * as a one-character token.
     *
     * @throws IllegalStateException when the vocabulary has neither (llama.cpp fails the same way)
     */
    int spmByteToken(int b) {
        int id = idOf(String.format("<0x%02X>", b));
        if (id == NONE && b < 0x80) {
            id = idOf(String.valueOf((char) b));
        }
        if (id == NONE) {
            throw new IllegalStateException(String.format("%s: the vocabulary has no token for byte 0x%02X", source, b));
        }
        return id;
    }

    byte[] textBytes(int id) {
        return texts[id].getBytes(StandardCharsets.UTF_8);
    }
}
