package dev.corvid.tokenizer;

/**
 * The Llama-3 / Qwen2 pre-tokenizer,
 * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,K}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+},
 * written out by hand as llama.cpp does. Llama-3 groups digits by up to three ({@code K = 3}),
 * Qwen2 keeps every digit alone ({@code K = 1}).
 */
final class Llama3Splitter extends RuleSplitter {
    private final int maxDigits;

    Llama3Splitter(int maxDigits) {
        this.maxDigits = maxDigits;
    }

    @Override
    int pieceEnd(int[] cps, int pos, int end) {
        int contraction = contractionLength(cps, pos, end, true);
        if (contraction > 0) {
            return pos + contraction;
        }
        int cp = cps[pos];
        // [^\r\n\p{L}\p{N}]?\p{L}+ : letters, possibly led by one non-newline, non-number character
        boolean mayLead = cp != '\r' && cp != '\n' && !UnicodeClasses.isNumber(cp);
        if (mayLead && (UnicodeClasses.isLetter(cp) || letterAt(cps, pos + 1, end))) {
            int i = pos + 1;
            while (letterAt(cps, i, end)) {
                i++;
            }
            return i;
        }
        if (UnicodeClasses.isNumber(cp)) {
            int i = pos + 1;
            while (i - pos < maxDigits && numberAt(cps, i, end)) {
                i++;
            }
            return i;
        }
        // " ?[^\s\p{L}\p{N}]+[\r\n]*"
        int body = cp == ' ' ? pos + 1 : pos;
        if (otherAt(cps, body, end)) {
            int i = body;
            while (otherAt(cps, i, end)) {
                i++;
            }
            while (at(cps, i, end) == '\r' || at(cps, i, end) == '\n') {
                i++;
            }
            return i;
        }
        int n = whitespaceRun(cps, pos, end);
        // \s*[\r\n]+ : the run up to and including its last line break
        for (int i = pos + n - 1; i >= pos; i--) {
            if (cps[i] == '\r' || cps[i] == '\n') {
                return i + 1;
            }
        }
        return whitespacePieceEnd(pos, n, end);
    }
}
