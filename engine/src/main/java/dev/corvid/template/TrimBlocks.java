package dev.corvid.template;

import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.tree.parse.NoteToken;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.tree.parse.Token;
import com.hubspot.jinjava.tree.parse.TokenScanner;

/**
 * Jinja2's {@code trim_blocks} (drop the first newline after a block tag or comment), done on the template
 * source before Jinjava sees it. Jinjava's own trim_blocks forgets to count the newlines it drops, so its
 * error line numbers drift; here each such newline moves into a comment ({@code {% endif %}\n} becomes
 * {@code {% endif %}{#\n#}}), where it still counts as a line but prints nothing. As in Jinja2, the newline
 * after {@code {% raw %}} is kept: it is part of the raw text.
 */
final class TrimBlocks {
    private static final String NEWLINE_COMMENT = "{#\n#}";

    private TrimBlocks() {
    }

    /** @param config a configuration with trim_blocks off, the one the template will be rendered with */
    static String apply(String source, JinjavaConfig config) {
        StringBuilder out = new StringBuilder(source.length());
        int pos = 0;
        boolean newlineMoved = false;
        TokenScanner tokens = new TokenScanner(source, config);
        while (tokens.hasNext()) {
            Token token = tokens.next();
            String image = token.getImage();
            if (!source.startsWith(image, pos)) {
                throw new IllegalStateException("Jinjava's scanner lost its place at offset " + pos);
            }
            pos += image.length();
            // A newline moved into a comment after the previous tag is the first character of this token.
            String text = newlineMoved ? image.substring(1) : image;
            newlineMoved = trimsNewline(token) && pos < source.length() && source.charAt(pos) == '\n';
            out.append(text).append(newlineMoved ? NEWLINE_COMMENT : "");
        }
        if (pos != source.length()) {
            throw new IllegalStateException("Jinjava's scanner stopped at offset " + pos + " of " + source.length());
        }
        return out.toString();
    }

    private static boolean trimsNewline(Token token) {
        return token instanceof NoteToken || (token instanceof TagToken tag && !tag.getTagName().equals("raw"));
    }
}
