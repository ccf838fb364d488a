package dev.corvid.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pre-tokenizer stage given as a regex, matched the way llama.cpp's generic path matches it: every
 * match becomes a piece and so does every gap between matches.
 *
 * <p>llama.cpp runs these regexes with {@code std::regex}, whose {@code \s} and classes only know
 * ASCII. When the regex uses Unicode categories ({@code \p{L}} and friends) it therefore matches a
 * "collapsed" text in which each non-ASCII code point is replaced by one placeholder per category
 * (white space by U+000B), and each {@code \p{X}} by a class of that placeholder plus the ASCII
 * members of X. We do the same, so that e.g. a non-ASCII space can only match {@code \s}. Regexes
 * without categories run on the real code points, with non-ASCII white space replaced by U+000B.
 */
final class RegexSplitter implements Splitter {
    /** Placeholders for non-ASCII code points in collapsed text, by category group. */
    private static final char OTHER_PLACEHOLDER = '\uE000';
    private static final char WHITESPACE_PLACEHOLDER = '\u000B';

    private final Pattern pattern;
    private final boolean collapsed;

    /** @param regex the regex as llama.cpp writes it (ECMAScript syntax that Java reads the same way) */
    RegexSplitter(String regex) {
        this.collapsed = usesCategories(regex);
        this.pattern = Pattern.compile(collapsed ? collapseRegex(regex) : regex);
    }

    @Override
    public IntList split(int[] codePoints, IntList segmentLengths) {
        Subject subject = collapsed ? Subject.collapsed(codePoints) : Subject.plain(codePoints);
        IntList out = new IntList(segmentLengths.size() * 2);
        Matcher m = pattern.matcher(subject.text);
        int start = 0;
        for (int s = 0; s < segmentLengths.size(); s++) {
            int end = start + segmentLengths.get(s);
            // Opaque, anchoring region: the regex sees the segment as a whole text, like std::regex.
            m.region(subject.charIndex(start), subject.charIndex(end));
            int done = start;
            while (m.find()) {
                int from = subject.codePointIndex(m.start());
                int to = subject.codePointIndex(m.end());
                if (from > done) {
                    out.add(from - done);
                }
                out.add(to - from);
                done = to;
            }
            if (done < end) {
                out.add(end - done);
            }
            start = end;
        }
        return out;
    }

    private static final String[] CATEGORY_NAMES = {"N", "L", "P", "M", "S", "Lu", "Ll", "Lt", "Lm", "Lo"};

    private static boolean usesCategories(String regex) {
        for (String name : CATEGORY_NAMES) {
            if (regex.contains("\\p{" + name + "}")) {
                return true;
            }
        }
        return false;
    }

    /** The category group a {@code \p{...}} name stands for (all letter subcategories mean any letter, as in llama.cpp). */
    private static int groupOf(String name) {
        return switch (name) {
            case "N" -> UnicodeClasses.NUMBER;
            case "P" -> UnicodeClasses.PUNCTUATION;
            case "M" -> UnicodeClasses.MARK;
            case "S" -> UnicodeClasses.SYMBOL;
            default -> UnicodeClasses.LETTER;
        };
    }

    private static char placeholder(int group) {
        return (char) (OTHER_PLACEHOLDER + group);
    }

    /** Replaces each {@code \p{X}} by the class of X's placeholder and X's ASCII members. */
    private static String collapseRegex(String regex) {
        StringBuilder out = new StringBuilder();
        boolean insideClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c > 0x7F) {
                throw new IllegalArgumentException("regex mixes categories and non-ASCII text: " + regex);
            }
            boolean escaped = i > 0 && regex.charAt(i - 1) == '\\';
            if (c == '[' && !escaped) {
                insideClass = true;
            } else if (c == ']' && insideClass && !escaped) {
                insideClass = false;
            } else if (regex.startsWith("\\p{", i)) {
                int close = regex.indexOf('}', i);
                String name = regex.substring(i + 3, close);
                out.append(insideClass ? "" : "[").append(classBody(groupOf(name))).append(insideClass ? "" : "]");
                i = close;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String classBody(int group) {
        StringBuilder body = new StringBuilder();
        body.append(String.format("\\x{%X}", (int) placeholder(group)));
        for (int c = 0; c < 0x80; c++) {
            if (UnicodeClasses.group(c) == group) {
                body.append(String.format("\\x{%X}", c));
            }
        }
        return body.toString();
    }

    /**
     * The text the regex runs on. Collapsed text has one char per code point; plain text keeps
     * supplementary code points as surrogate pairs, so indexes are mapped both ways.
     */
    private record Subject(String text, int[] cpToChar, int[] charToCp) {

        static Subject collapsed(int[] cps) {
            char[] out = new char[cps.length];
            for (int i = 0; i < cps.length; i++) {
                out[i] = collapse(cps[i]);
            }
            return new Subject(new String(out), null, null);
        }

        static Subject plain(int[] cps) {
            StringBuilder sb = new StringBuilder(cps.length);
            int[] cpToChar = new int[cps.length + 1];
            for (int i = 0; i < cps.length; i++) {
                cpToChar[i] = sb.length();
                int cp = cps[i];
                sb.appendCodePoint(cp > 0x7F && UnicodeClasses.isWhitespace(cp) ? WHITESPACE_PLACEHOLDER : cp);
            }
            cpToChar[cps.length] = sb.length();
            int[] charToCp = new int[sb.length() + 1];
            for (int i = 0; i < cps.length; i++) {
                for (int c = cpToChar[i]; c < cpToChar[i + 1]; c++) {
                    charToCp[c] = i;
                }
            }
            charToCp[sb.length()] = cps.length;
            return new Subject(sb.toString(), cpToChar, charToCp);
        }

        int charIndex(int cpIndex) {
            return cpToChar == null ? cpIndex : cpToChar[cpIndex];
        }

        int codePointIndex(int charIndex) {
            return charToCp == null ? charIndex : charToCp[charIndex];
        }
    }

    private static char collapse(int cp) {
        if (cp < 0x80) {
            return (char) cp;
        }
        if (UnicodeClasses.isWhitespace(cp)) {
            return WHITESPACE_PLACEHOLDER;
        }
        int group = UnicodeClasses.group(cp);
        boolean hasPlaceholder = group == UnicodeClasses.NUMBER || group == UnicodeClasses.LETTER
                || group == UnicodeClasses.PUNCTUATION || group == UnicodeClasses.MARK
                || group == UnicodeClasses.SYMBOL;
        return hasPlaceholder ? placeholder(group) : OTHER_PLACEHOLDER;
    }
}
