package dev.corvid.tokenizer;

/**
 * A hand-written splitter: walks each segment from left to right and asks the subclass where the
 * piece starting at the current position ends. Positions outside the segment read as "nothing", so
 * look-aheads stop at segment borders like a regex applied to each segment on its own.
 */
abstract class RuleSplitter implements Splitter {

    @Override
    public final IntList split(int[] codePoints, IntList segmentLengths) {
        IntList out = new IntList(segmentLengths.size() * 2);
        int start = 0;
        for (int s = 0; s < segmentLengths.size(); s++) {
            int end = start + segmentLengths.get(s);
            for (int pos = start; pos < end; ) {
                int next = pieceEnd(codePoints, pos, end);
                out.add(next - pos);
                pos = next;
            }
            start = end;
        }
        return out;
    }

    /** The end (exclusive) of the piece that starts at {@code pos}; always greater than {@code pos}. */
    abstract int pieceEnd(int[] cps, int pos, int end);

    /** The code point at {@code i}, or -1 beyond the segment. */
    static int at(int[] cps, int i, int end) {
        return i < end ? cps[i] : -1;
    }

    static boolean letterAt(int[] cps, int i, int end) {
        return i < end && UnicodeClasses.isLetter(cps[i]);
    }

    static boolean numberAt(int[] cps, int i, int end) {
        return i < end && UnicodeClasses.isNumber(cps[i]);
    }

    static boolean whitespaceAt(int[] cps, int i, int end) {
        return i < end && UnicodeClasses.isWhitespace(cps[i]);
    }

    /** Inside the segment and neither white space, letter nor number: {@code [^\s\p{L}\p{N}]}. */
    static boolean otherAt(int[] cps, int i, int end) {
        if (i >= end) {
            return false;
        }
        int cp = cps[i];
        return !UnicodeClasses.isWhitespace(cp) && !UnicodeClasses.isLetter(cp) && !UnicodeClasses.isNumber(cp);
    }

    /**
     * Length of an English contraction ('s 't 'm 'd 're 've 'll) starting at {@code pos}, or 0.
     * Only ASCII letters take part: no other code point lower-cases to one of these letters.
     */
    static int contractionLength(int[] cps, int pos, int end, boolean ignoreCase) {
        if (cps[pos] != '\'' || pos + 1 >= end) {
            return 0;
        }
        int a = fold(cps[pos + 1], ignoreCase);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') {
            return 2;
        }
        if (pos + 2 >= end) {
            return 0;
        }
        int b = fold(cps[pos + 2], ignoreCase);
        boolean two = (a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l');
        return two ? 3 : 0;
    }

    private static int fold(int cp, boolean ignoreCase) {
        return ignoreCase && cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
    }

    /** Length of the white-space run starting at {@code pos}. */
    static int whitespaceRun(int[] cps, int pos, int end) {
        int n = 0;
        while (whitespaceAt(cps, pos + n, end)) {
            n++;
        }
        return n;
    }

    /**
     * {@code \s+(?!\S)|\s+} for a run of {@code n >= 1} white spaces at {@code pos}: a run followed by
     * more text leaves its last white space to lead the next piece.
     */
    static int whitespacePieceEnd(int pos, int n, int end) {
        return n > 1 && pos + n < end ? pos + n - 1 : pos + n;
    }
}
