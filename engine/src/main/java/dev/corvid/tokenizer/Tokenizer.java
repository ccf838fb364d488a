package dev.corvid.tokenizer;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufValueType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A GGUF vocabulary's tokenizer, giving llama.cpp's exact results: SentencePiece
 * ({@code tokenizer.ggml.model = llama}) and byte-level BPE ({@code gpt2}) with the pre-tokenizer
 * named by {@code tokenizer.ggml.pre}.
 *
 * <pre>{@code
 * Tokenizer tok = Tokenizer.load(Path.of("model.gguf"));
 * int[] ids = tok.encode("Hello world", true, false);     // as llama_tokenize(add_special, parse_special)
 * String text = new String(tok.detokenize(ids, true, false), StandardCharsets.UTF_8);
 * StreamingDecoder out = tok.newStreamingDecoder(false);  // for generated ids, one at a time
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 */
public final class Tokenizer {
    private final Vocabulary vocab;
    private final TextEncoder encoder;

    private Tokenizer(Vocabulary vocab, TextEncoder encoder) {
        this.vocab = vocab;
        this.encoder = encoder;
    }

    /**
     * The tokenizer described by {@code tokenizer.ggml.*} metadata.
     *
     * @throws UnsupportedOperationException for tokenizer models or pre-tokenizers Corvid does not implement
     * @throws dev.corvid.gguf.GgufFormatException for missing or malformed keys
     */
    public static Tokenizer fromGguf(GgufMetadata metadata) {
        Vocabulary vocab = VocabularyLoader.load(metadata);
        TextEncoder encoder = switch (vocab.kind) {
            case SPM -> new SpmEncoder(vocab);
            case BPE -> new BpeEncoder(vocab, new MergeRanks(
                    metadata.getArray("tokenizer.ggml.merges", GgufValueType.STRING).strings()));
        };
        return new Tokenizer(vocab, encoder);
    }

    /** The tokenizer of a GGUF file (a vocab-only file will do). */
    public static Tokenizer load(Path gguf) throws IOException {
        try (GgufFile file = GgufFile.open(gguf)) {
            return fromGguf(file.metadata());
        }
    }

    /**
     * Token ids of {@code text}, as {@code llama_tokenize}.
     *
     * @param addSpecial   add BOS / EOS where the vocabulary asks for them
     * @param parseSpecial let text spelling a control token (e.g. {@code <|im_start|>}) become that token;
     *                     user-defined tokens are always recognised
     */
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        String input = wellFormed(text);
        IntList out = new IntList(input.length() / 3 + 4);
        if (addSpecial && vocab.addBos) {
            out.add(required(SpecialToken.BOS));
        }
        // SentencePiece puts a space before the text and after every special token.
        boolean afterSpecial = true;
        for (SpecialTokenSplitter.Fragment f : SpecialTokenSplitter.split(input, vocab, parseSpecial)) {
            switch (f) {
                case SpecialTokenSplitter.Special s -> {
                    out.add(s.id());
                    afterSpecial = true;
                }
                case SpecialTokenSplitter.Text t -> {
                    String piece = input.substring(t.start(), t.end());
                    boolean prefix = vocab.kind == Vocabulary.Kind.SPM && vocab.addSpacePrefix && afterSpecial;
                    encoder.encode(prefix ? " " + piece : piece, out);
                    afterSpecial = false;
                }
            }
        }
        if (addSpecial && vocab.addEos) {
            out.add(required(SpecialToken.EOS));
        }
        return out.toArray();
    }

    /**
     * The bytes of one token, as {@code llama_token_to_piece} with lstrip 0. Byte-level tokens can be
     * part of a UTF-8 character, so this is bytes, not text.
     *
     * @param special render control and unknown tokens (otherwise they are empty)
     */
    public byte[] piece(int id, boolean special) {
        checkId(id);
        boolean hidden = vocab.has(id, TokenAttributes.CONTROL | TokenAttributes.UNKNOWN);
        if (hidden && !special) {
            return new byte[0];
        }
        if (vocab.has(id, TokenAttributes.CONTROL | TokenAttributes.UNKNOWN | TokenAttributes.USER_DEFINED)) {
            return vocab.textBytes(id);
        }
        if (vocab.has(id, TokenAttributes.NORMAL)) {
            return vocab.kind == Vocabulary.Kind.SPM
                    ? vocab.texts[id].replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8)
                    : byteLevelPiece(vocab.texts[id]);
        }
        if (vocab.has(id, TokenAttributes.BYTE)) {
            return new byte[] {(byte) vocab.byteValue(id)};
        }
        return new byte[0]; // unused and undefined tokens render as nothing
    }

    /**
     * Text of a token sequence, as {@code llama_detokenize}.
     *
     * @param removeSpecial  drop a leading BOS and trailing EOS when the vocabulary adds them
     * @param unparseSpecial render control tokens as their text
     */
    public byte[] detokenize(int[] ids, boolean removeSpecial, boolean unparseSpecial) {
        int from = 0;
        int to = ids.length;
        // SentencePiece added a space in front of the text; take it back, unless a BOS is removed.
        boolean removeSpace = vocab.addSpacePrefix;
        if (removeSpecial && vocab.addBos && to > 0 && ids[0] == vocab.special(SpecialToken.BOS)) {
            removeSpace = false;
            from++;
        }
        if (removeSpecial && vocab.addEos && to > from && ids[to - 1] == vocab.special(SpecialToken.EOS)) {
            to--;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            byte[] piece = piece(ids[i], unparseSpecial);
            int skip = removeSpace && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
            out.write(piece, skip, piece.length - skip);
            removeSpace = false;
        }
        byte[] text = out.toByteArray();
        return vocab.cleanSpaces ? SpaceCleaner.clean(text) : text;
    }

    /** A decoder for ids arriving one by one, e.g. during generation. */
    public StreamingDecoder newStreamingDecoder(boolean special) {
        return new StreamingDecoder(this, special);
    }

    public int vocabSize() {
        return vocab.size();
    }

    /** Whether generation stops at this token (EOS, end of turn, and the like). */
    public boolean isEog(int id) {
        return vocab.endOfGeneration.contains(id);
    }

    /** The id of a role's token, or -1 when the vocabulary has none. */
    public int specialId(SpecialToken role) {
        return vocab.special(role);
    }

    public int bos() {
        return vocab.special(SpecialToken.BOS);
    }

    public int eos() {
        return vocab.special(SpecialToken.EOS);
    }

    public int eot() {
        return vocab.special(SpecialToken.EOT);
    }

    public int pad() {
        return vocab.special(SpecialToken.PAD);
    }

    /** Whether {@link #encode} with addSpecial puts a BOS first. */
    public boolean addsBos() {
        return vocab.addBos;
    }

    /** Whether {@link #encode} with addSpecial puts an EOS last. */
    public boolean addsEos() {
        return vocab.addEos;
    }

    /** The token's text as stored in the vocabulary (e.g. {@code ▁the}, {@code Ġthe}, {@code <0x0A>}). */
    public String tokenText(int id) {
        checkId(id);
        return vocab.texts[id];
    }

    /** The token's {@link TokenAttributes} bits. */
    public int attributes(int id) {
        checkId(id);
        return vocab.attributes[id];
    }

    public float score(int id) {
        checkId(id);
        return vocab.scores[id];
    }

    private int required(SpecialToken role) {
        int id = vocab.special(role);
        if (id == Vocabulary.NONE) {
            throw new IllegalStateException(vocab.source + ": the vocabulary asks for a " + role + " token but has none");
        }
        return id;
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IndexOutOfBoundsException("token id " + id + " outside the vocabulary of " + vocab.size());
        }
    }

    /**
     * A byte-level token's bytes. A character that stands for no byte is rendered as llama.cpp does:
     * {@code [UNK_BYTE_0x<its UTF-8 in hex><the whole token text>]}.
     */
    private static byte[] byteLevelPiece(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        text.codePoints().forEach(cp -> {
            int b = ByteLevel.byteOf(cp);
            if (b >= 0) {
                out.write(b);
            } else {
                StringBuilder unk = new StringBuilder("[UNK_BYTE_0x");
                for (byte u : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                    unk.append(String.format("%02x", u & 0xFF));
                }
                out.writeBytes(unk.append(text).append(']').toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }

    /** The text with lone surrogates replaced by '?', as its UTF-8 encoding (what llama.cpp sees) has them. */
    private static String wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
        }
        return text;
    }
}
