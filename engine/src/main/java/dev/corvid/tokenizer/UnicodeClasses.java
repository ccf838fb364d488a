package dev.corvid.tokenizer;

/**
 * The coarse Unicode classes the pre-tokenizers reason about, derived from {@link Character}.
 *
 * <p>Each code point belongs to exactly one general-category group ({@link #LETTER} = \p{L},
 * {@link #NUMBER} = \p{N}, ...; unassigned code points are {@link #UNASSIGNED}). White space is a
 * separate property: the Unicode White_Space set, which is Zs, Zl, Zp plus U+0009..U+000D and U+0085.
 *
 * <p>Known difference: llama.cpp v0.5.0 classifies with Unicode 15.1 data, the JDK 25 uses Unicode 16.0.
 * The 5,185 code points added in 16.0 (e.g. Todhri, Garay, U+1C89 CYRILLIC TJE) are unassigned for
 * llama.cpp but letters/marks/symbols here, so text using them can split differently.
 */
final class UnicodeClasses {
    static final int UNASSIGNED = 1;
    static final int NUMBER = 2;
    static final int LETTER = 3;
    static final int SEPARATOR = 4;
    static final int MARK = 5;
    static final int PUNCTUATION = 6;
    static final int SYMBOL = 7;
    static final int CONTROL = 8;

    private UnicodeClasses() {
    }

    /** The general-category group of a code point. */
    static int group(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UNASSIGNED -> UNASSIGNED;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SEPARATOR;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> MARK;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> SYMBOL;
            default -> CONTROL; // Cc, Cf, Co, Cs
        };
    }

    static boolean isLetter(int cp) {
        return group(cp) == LETTER;
    }

    static boolean isNumber(int cp) {
        return group(cp) == NUMBER;
    }

    /** The Unicode White_Space property (what \s means in the tokenizer regexes). */
    static boolean isWhitespace(int cp) {
        return Character.isSpaceChar(cp) || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85;
    }
}
