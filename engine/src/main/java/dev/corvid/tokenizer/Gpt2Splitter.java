package dev.corvid.tokenizer;

/**
 * GPT-2's pre-tokenizer,
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)}, written out by
 * hand with llama.cpp's exact behaviour (contractions are case-sensitive; a white-space run that is
 * not matched by {@code \s+(?!\S)} still becomes one piece).
 */
final class Gpt2Splitter extends RuleSplitter {

    @Override
    int pieceEnd(int[] cps, int pos, int end) {
        int contraction = contractionLength(cps, pos, end, false);
        if (contraction > 0) {
            return pos + contraction;
        }
        // An optional single space may lead a run of letters, numbers or other symbols.
        int body = cps[pos] == ' ' ? pos + 1 : pos;
        if (letterAt(cps, body, end)) {
            return runEnd(cps, body, end, Class.LETTER);
        }
        if (numberAt(cps, body, end)) {
            return runEnd(cps, body, end, Class.NUMBER);
        }
        if (otherAt(cps, body, end)) {
            return runEnd(cps, body, end, Class.OTHER);
        }
        return whitespacePieceEnd(pos, whitespaceRun(cps, pos, end), end);
    }

    private enum Class { LETTER, NUMBER, OTHER }

    private static int runEnd(int[] cps, int i, int end, Class c) {
        while (switch (c) {
            case LETTER -> letterAt(cps, i, end);
            case NUMBER -> numberAt(cps, i, end);
            case OTHER -> otherAt(cps, i, end);
        }) {
            i++;
        }
        return i;
    }
}
