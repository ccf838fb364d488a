package dev.corvid.tokenizer;

import java.util.Arrays;

/**
 * The "clean up tokenization spaces" step of BPE detokenization, with llama.cpp's exact byte rules:
 * <ol>
 * <li>drop a space before {@code ? ! . ,};</li>
 * <li>turn {@code " ' "} into {@code "'"};</li>
 * <li>drop a space before the contractions {@code 's 'm 're 've} (but not {@code 't 'd 'll}).</li>
 * </ol>
 * The first byte of the text is always kept.
 */
final class SpaceCleaner {
    private SpaceCleaner() {
    }

    static byte[] clean(byte[] text) {
        return contractions(lonelyApostrophes(spacesBeforePunctuation(text)));
    }

    private static byte[] spacesBeforePunctuation(byte[] in) {
        byte[] out = new byte[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            byte x = in[i];
            if (i > 0 && in[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) {
                n--;
            }
            out[n++] = x;
        }
        return Arrays.copyOf(out, n);
    }

    private static byte[] lonelyApostrophes(byte[] text) {
        byte[] in = text.clone(); // the consumed space after an apostrophe is blanked in place
        byte[] out = new byte[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            byte x = in[i];
            if (i > 0 && x == '\'' && i + 1 < in.length && in[i - 1] == ' ' && in[i + 1] == ' ') {
                n--;
                in[++i] = 0; // the next space is skipped, and cannot serve as a "space before" again
            }
            out[n++] = x;
        }
        return Arrays.copyOf(out, n);
    }

    private static byte[] contractions(byte[] in) {
        byte[] out = new byte[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            byte x = in[i];
            if (i > 0 && in[i - 1] == ' ' && x == '\'' && i + 1 < in.length && dropsSpace(in, i + 1)) {
                n--;
            }
            out[n++] = x;
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether the contraction starting at {@code at} (just after the apostrophe) loses its leading space. */
    private static boolean dropsSpace(byte[] in, int at) {
        byte a = in[at];
        if (a == 's' || a == 'm') {
            return true;
        }
        if (a == 't' || a == 'd' || at + 1 >= in.length) {
            return false;
        }
        byte b = in[at + 1];
        return (a == 'r' && b == 'e') || (a == 'v' && b == 'e');
    }
}
