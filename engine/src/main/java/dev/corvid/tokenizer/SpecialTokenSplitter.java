package dev.corvid.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text at the special tokens it spells, as llama.cpp's {@code tokenizer_st_partition}: special
 * tokens are tried longest first, each one splitting every remaining plain-text fragment at all its
 * occurrences. Control and unknown tokens only count when special parsing is on; user-defined tokens
 * always do. A token marked LSTRIP / RSTRIP also swallows the ASCII white space before / after it.
 */
final class SpecialTokenSplitter {

    /** A piece of the input: plain text {@code [start, end)} of it, or a special token. */
    sealed interface Fragment {
    }

    record Text(int start, int end) implements Fragment {
    }

    record Special(int id) implements Fragment {
    }

    private SpecialTokenSplitter() {
    }

    static List<Fragment> split(String text, Vocabulary vocab, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (!text.isEmpty()) {
            fragments.add(new Text(0, text.length()));
        }
        for (int id : vocab.specialTokensLongestFirst) {
            if (!parseSpecial && vocab.has(id, TokenAttributes.CONTROL | TokenAttributes.UNKNOWN)) {
                continue;
            }
            fragments = splitAt(text, fragments, id, vocab);
        }
        return fragments;
    }

    private static List<Fragment> splitAt(String text, List<Fragment> fragments, int id, Vocabulary vocab) {
        String token = vocab.texts[id];
        boolean lstrip = vocab.has(id, TokenAttributes.LSTRIP);
        boolean rstrip = vocab.has(id, TokenAttributes.RSTRIP);
        List<Fragment> out = new ArrayList<>(fragments.size() + 4);
        for (Fragment f : fragments) {
            if (!(f instanceof Text(int from, int end))) {
                out.add(f);
                continue;
            }
            int match;
            while ((match = text.indexOf(token, from, end)) >= 0) {
                int leftEnd = match;
                while (lstrip && leftEnd > from && isAsciiSpace(text.charAt(leftEnd - 1))) {
                    leftEnd--;
                }
                if (leftEnd > from) {
                    out.add(new Text(from, leftEnd));
                }
                out.add(new Special(id));
                from = match + token.length();
                while (rstrip && from < end && isAsciiSpace(text.charAt(from))) {
                    from++;
                }
            }
            if (from < end) {
                out.add(new Text(from, end));
            }
        }
        return out;
    }

    /** C's {@code isspace} in the C locale, which llama.cpp uses for the strip attributes. */
    private static boolean isAsciiSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
