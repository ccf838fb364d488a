package dev.corvid.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns token ids arriving one at a time into text, never splitting a UTF-8 character: bytes of
 * an unfinished character wait for the next token. Bytes that cannot form a character become
 * U+FFFD. The text is the concatenation of each token's {@link Tokenizer#piece piece}, as llama.cpp's
 * server streams it (no leading-space removal or space clean-up, which need the whole sequence).
 *
 * <pre>{@code
 * StreamingDecoder d = tokenizer.newStreamingDecoder(false);
 * for (int id : generated) System.out.print(d.accept(id));
 * System.out.print(d.flush());
 * }</pre>
 *
 * Not thread-safe: one decoder per stream.
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private final boolean special;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    StreamingDecoder(Tokenizer tokenizer, boolean special) {
        this.tokenizer = tokenizer;
        this.special = special;
    }

    /** Adds a token; returns the text completed by it (possibly empty). */
    public String accept(int id) {
        pending.writeBytes(tokenizer.piece(id, special));
        byte[] bytes = pending.toByteArray();
        int complete = bytes.length - unfinishedTail(bytes);
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** Ends the stream: returns what is still waiting, an unfinished character as U+FFFD. */
    public String flush() {
        byte[] rest = pending.toByteArray();
        pending.reset();
        return new String(rest, StandardCharsets.UTF_8);
    }

    /**
     * How many bytes at the end start a multi-byte character that more bytes could still complete:
     * a lead byte followed by fewer continuation bytes than it announces.
     */
    static int unfinishedTail(byte[] bytes) {
        for (int back = 1; back <= Math.min(3, bytes.length); back++) {
            int b = bytes[bytes.length - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for its lead
            }
            int needed = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 1;
            return b >= 0xF5 || needed <= back ? 0 : back;
        }
        return 0;
    }
}
