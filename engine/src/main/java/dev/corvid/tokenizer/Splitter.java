package dev.corvid.tokenizer;

/**
 * One stage of a pre-tokenizer. The text is a code point array cut into consecutive segments; a
 * stage cuts every segment further (it never joins segments), the way each regex of llama.cpp's
 * list refines the split left by the previous one.
 */
interface Splitter {
    /**
     * @param codePoints the whole text
     * @param segmentLengths lengths, in code points, of consecutive segments covering the text
     * @return the refined segment lengths, again covering the whole text
     */
    IntList split(int[] codePoints, IntList segmentLengths);
}
