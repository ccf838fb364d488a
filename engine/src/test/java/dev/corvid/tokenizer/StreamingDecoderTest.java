package dev.corvid.tokenizer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamingDecoderTest {

    @Test
    void neverSplitsACharacterAcrossByteLevelTokens() {
        Tokenizer t = TestVocabularies.tokenizer("gpt-2");
        String text = "naïve 你好 🦙🚀 done";
        int[] ids = t.encode(text, false, false);
        StreamingDecoder d = t.newStreamingDecoder(false);
        StringBuilder out = new StringBuilder();
        int partialSteps = 0;
        for (int id : ids) {
            String chunk = d.accept(id);
            assertEquals(-1, chunk.indexOf('\uFFFD'), "a chunk never holds a broken character: " + chunk);
            partialSteps += chunk.isEmpty() ? 1 : 0;
            out.append(chunk);
        }
        out.append(d.flush());
        assertEquals(text, out.toString());
        assertEquals(true, partialSteps > 0, "GPT-2 splits the emoji into byte tokens, so some steps wait");
    }

    @Test
    void sentencePieceByteFallbackIsJoined() {
        Tokenizer t = TestVocabularies.tokenizer("stories260K"); // 512 tokens: CJK falls back to <0xXX>
        int[] ids = t.encode("hi 你", false, false);
        StreamingDecoder d = t.newStreamingDecoder(false);
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(d.accept(id));
        }
        assertEquals(" hi 你", out.append(d.flush()).toString(), "pieces keep SentencePiece's leading space");
    }

    @Test
    void flushTurnsAnUnfinishedCharacterIntoReplacement() {
        Tokenizer t = TestVocabularies.tokenizer("stories260K");
        int lead = t.encode("你", false, false)[1]; // [▁, <0xE4>, <0xBD>, <0xA0>]
        assertEquals("<0xE4>", t.tokenText(lead));
        StreamingDecoder d = t.newStreamingDecoder(false);
        assertEquals("", d.accept(lead));
        assertEquals("\uFFFD", d.flush());
    }

    @Test
    void unfinishedTailCountsOnlyCompletableBytes() {
        assertEquals(0, StreamingDecoder.unfinishedTail("a".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, StreamingDecoder.unfinishedTail(new byte[] {'a', (byte) 0xE4}));
        assertEquals(2, StreamingDecoder.unfinishedTail(new byte[] {(byte) 0xF0, (byte) 0x9F}));
        assertEquals(0, StreamingDecoder.unfinishedTail(new byte[] {(byte) 0xE4, (byte) 0xBD, (byte) 0xA0}));
        assertEquals(0, StreamingDecoder.unfinishedTail(new byte[] {(byte) 0x80}), "a stray continuation byte is final");
    }
}
