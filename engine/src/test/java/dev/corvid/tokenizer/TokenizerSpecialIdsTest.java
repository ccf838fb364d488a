package dev.corvid.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Special ids, add-BOS/EOS flags and end-of-generation sets, compared with what llama.cpp v0.5.0
 * reports for the same files (llama_vocab_bos/eos/eot/pad, llama_vocab_get_add_bos/eos and
 * llama_vocab_is_eog over every id, read with the prebuilt library on a vocab-only load).
 */
class TokenizerSpecialIdsTest {

    private static void expect(String vocab, int bos, int eos, int eot, int pad, boolean addBos, int... eog) {
        Tokenizer t = TestVocabularies.tokenizer(vocab);
        assertEquals(bos, t.bos(), vocab + " bos");
        assertEquals(eos, t.eos(), vocab + " eos");
        assertEquals(eot, t.eot(), vocab + " eot");
        assertEquals(pad, t.pad(), vocab + " pad");
        assertEquals(addBos, t.addsBos(), vocab + " add_bos");
        assertEquals(false, t.addsEos(), vocab + " add_eos");
        int[] actualEog = IntStream.range(0, t.vocabSize()).filter(t::isEog).toArray();
        assertArrayEquals(eog, actualEog, vocab + " end-of-generation ids " + Arrays.toString(actualEog));
    }

    @Test
    void sentencePieceVocabularies() {
        expect("llama-spm", 1, 2, -1, -1, true, 2);
        expect("stories260K", 1, 2, -1, -1, true, 2); // its sep/pad ids 0xFFFFFFFF are out of range: ignored
        expect("phi-3", 1, 32000, 32007, 32000, true, 2, 32000, 32007);
    }

    @Test
    void bpeVocabularies() {
        expect("gpt-2", 50256, 50256, 50256, -1, false, 50256);
        // qwen2: "<|im_end|>" is the end of turn; "</s>" (128247), an ordinary token there, still ends generation.
        expect("qwen2", 151643, 151643, 151645, 151643, false, 128247, 151643, 151645);
        expect("synth-qwen2-256x2", 4096, 4098, 4098, 4096, false, 4096, 4098);
        expect("llama-bpe", 128000, 128001, 128009, -1, true, 128001, 128009);
        expect("deepseek-coder", 32013, 32014, 32014, 32014, true, 32014);
    }

    /**
     * When metadata names no end-of-turn token, llama.cpp takes the first candidate text in its
     * hash map's iteration order; we take the first in its list order ("<|eot_id|>" before
     * "<|end_of_text|>"). On this truncated Llama-3 vocabulary llama.cpp's hash order happens to pick
     * "<|end_of_text|>" (8193) as eot; both are end-of-generation tokens either way.
     */
    @Test
    void endOfTurnFallsBackToListOrder() {
        Tokenizer t = TestVocabularies.tokenizer("llama-bpe-trunc8k");
        assertEquals("<|eot_id|>", t.tokenText(t.eot()));
        assertTrue(t.isEog(8193) && t.isEog(8201));
        assertArrayEquals(new int[] {8193, 8201}, IntStream.range(0, t.vocabSize()).filter(t::isEog).toArray());
    }

    @Test
    void endOfGenerationTokensAreControlTokens() {
        Tokenizer t = TestVocabularies.tokenizer("qwen2");
        assertEquals("</s>", t.tokenText(128247));
        assertTrue((t.attributes(128247) & TokenAttributes.CONTROL) != 0, "forced to CONTROL like llama.cpp");
        assertEquals(0, t.piece(128247, false).length, "hidden when special tokens are not rendered");
    }
}
