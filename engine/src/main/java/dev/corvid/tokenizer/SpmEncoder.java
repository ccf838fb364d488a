package dev.corvid.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * SentencePiece encoding as llama.cpp does it: spaces become {@code ▁}, code points merge greedily
 * by token score (a pair may merge when its text is a token), and a final symbol that is not a
 * token falls back to its UTF-8 bytes as {@code <0xXX>} tokens.
 *
 * <p>Every merged symbol is a token by construction, so only unmerged single code points ever need
 * the byte fallback (llama.cpp's re-segmentation of merged symbols never triggers).
 */
final class SpmEncoder implements TextEncoder {
    private final Vocabulary vocab;

    SpmEncoder(Vocabulary vocab) {
        this.vocab = vocab;
    }

    @Override
    public void encode(String text, IntList out) {
        String escaped = text.replace(' ', '\u2581');
        SymbolMerger.PairPriority byScore = (s, start, mid, end) -> {
            int id = vocab.idOf(s.substring(start, end));
            return id == Vocabulary.NONE ? Double.NaN : -(double) vocab.scores[id];
        };
        for (String symbol : SymbolMerger.merge(escaped, byScore)) {
            int id = vocab.idOf(symbol);
            if (id != Vocabulary.NONE) {
                out.add(id);
            } else {
                for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
                    out.add(vocab.spmByteToken(b & 0xFF));
                }
            }
        }
    }
}
