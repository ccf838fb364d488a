package dev.corvid.tokenizer;

/** Turns a piece of plain text (no special tokens in it) into token ids. */
interface TextEncoder {
    void encode(String text, IntList out);
}
