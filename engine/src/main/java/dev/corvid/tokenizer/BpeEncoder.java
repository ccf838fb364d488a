package dev.corvid.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level BPE encoding as llama.cpp does it: pre-tokenize into words, spell each word's bytes
 * with {@link ByteLevel}, merge adjacent symbols by merge rank, and emit each symbol's token.
 */
final class BpeEncoder implements TextEncoder {
    private final Vocabulary vocab;
    private final MergeRanks merges;
    private final PreTokenizer preTokenizer;
    private final boolean ignoreMerges;

    BpeEncoder(Vocabulary vocab, MergeRanks merges) {
        this.vocab = vocab;
        this.merges = merges;
        this.preTokenizer = PreTokenizer.of(vocab.bpe.type());
        this.ignoreMerges = vocab.bpe.ignoreMerges();
    }

    @Override
    public void encode(String text, IntList out) {
        for (String word : preTokenizer.split(text)) {
            String spelled = ByteLevel.encode(word);
            int whole = ignoreMerges ? vocab.idOf(spelled) : Vocabulary.NONE;
            if (whole != Vocabulary.NONE) {
                out.add(whole);
                continue;
            }
            for (String symbol : SymbolMerger.merge(spelled, this::rankPriority)) {
                emit(symbol, out);
            }
        }
    }

    private double rankPriority(String s, int start, int mid, int end) {
        int rank = merges.rank(s.substring(start, mid), s.substring(mid, end));
        return rank < 0 ? Double.NaN : rank;
    }

    /**
     * A symbol that is not a token (possible in truncated vocabularies) is looked up byte by byte of
     * its UTF-8 text, keeping only bytes that are tokens; llama.cpp does the same. Only ASCII bytes
     * can be whole tokens, since a token text is valid UTF-8.
     */
    private void emit(String symbol, IntList out) {
        int id = vocab.idOf(symbol);
        if (id != Vocabulary.NONE) {
            out.add(id);
            return;
        }
        for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
            int byteId = b >= 0 ? vocab.idOf(String.valueOf((char) b)) : Vocabulary.NONE;
            if (byteId != Vocabulary.NONE) {
                out.add(byteId);
            }
        }
    }
}
