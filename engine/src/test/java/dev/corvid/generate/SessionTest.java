package dev.corvid.generate;

import dev.corvid.gguf.SharedAssets;
import dev.corvid.sample.SamplerSettings;
import dev.corvid.template.ChatMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTest {
    private static LanguageModel stories;
    private static LanguageModel qwen;

    private static final GenerationSettings GREEDY = GenerationSettings.defaults()
            .withSampling(SamplerSettings.defaults().withTemperature(0));

    @BeforeAll
    static void load() throws Exception {
        stories = LanguageModel.load(SharedAssets.models().resolve("stories260K.gguf"));
        qwen = LanguageModel.load(SharedAssets.models().resolve("synth-qwen2-256x2.Q8_0.gguf"));
    }

    @AfterAll
    static void close() {
        stories.close();
        qwen.close();
    }

    private static int[] goldenIds(String file) throws Exception {
        String text = Files.readString(SharedAssets.golden().resolve(file)).trim();
        return Arrays.stream(text.split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void greedyGenerationEqualsLlamaCpp() throws Exception {
        Session s = stories.newSession();
        int[] prompt = s.tokenize("Once upon a time");
        assertArrayEquals(goldenIds("stories260K/p1.tokens.txt"), prompt);
        StringBuilder streamed = new StringBuilder();
        GenerationResult r = s.generate(prompt, GREEDY.withMaxTokens(16), streamed::append);
        int[] expected = goldenIds("stories260K/p1.gen.txt");
        assertArrayEquals(expected, r.tokens());
        assertEquals(StopReason.MAX_TOKENS, r.stopReason());
        String expectedText = new String(stories.tokenizer().detokenize(expected, false, false), StandardCharsets.UTF_8);
        assertEquals(expectedText, streamed.toString());
        assertEquals(expectedText, r.text());
    }

    @Test
    void iteratorAndCallbackGiveTheSameText() {
        Session a = stories.newSession();
        Session b = stories.newSession();
        GenerationSettings settings = GenerationSettings.defaults().withMaxTokens(30)
                .withSampling(SamplerSettings.defaults().withSeed(1234));
        String viaCallback = a.generate("Once upon a time", settings, t -> { }).text();
        StringBuilder viaIterator = new StringBuilder();
        for (TokenStream t = b.stream(b.tokenize("Once upon a time"), settings); t.hasNext(); ) {
            viaIterator.append(t.next());
        }
        assertEquals(viaCallback, viaIterator.toString());
    }

    @Test
    void theSameSeedGivesTheSameTextAndAnotherSeedAnother() {
        GenerationSettings s1 = GenerationSettings.defaults().withMaxTokens(40)
                .withSampling(SamplerSettings.defaults().withSeed(7));
        String first = stories.newSession().generate("Once upon a time", s1, t -> { }).text();
        String again = stories.newSession().generate("Once upon a time", s1, t -> { }).text();
        String other = stories.newSession().generate("Once upon a time",
                s1.withSampling(SamplerSettings.defaults().withSeed(8)), t -> { }).text();
        assertEquals(first, again);
        assertTrue(!first.equals(other), "seeds 7 and 8 gave the same 40 tokens: " + first);
    }

    @Test
    void aTemplateThatWritesBosItselfDoesNotGetASecondOne() {
        // stories260K adds BOS when tokenizing; this template writes it too, as Llama 3's does.
        List<ChatMessage> chat = List.of(new ChatMessage("user", "Hi"));
        String withBos = "{{ bos_token }}{% for m in messages %}{{ m['content'] }}{% endfor %}";
        String rendered = dev.corvid.template.ChatTemplate.of(withBos, "<s>", "</s>").render(chat, true);
        int[] ids = stories.tokenizer().encode(LanguageModel.withoutAddedSpecials(rendered, stories.tokenizer()),
                true, true);
        assertEquals(1, Arrays.stream(ids).filter(id -> id == stories.tokenizer().bos()).count(),
                "one BOS: " + Arrays.toString(ids));
        String fallback = stories.chatPrompt(chat);
        assertTrue(!fallback.startsWith("<s>"), fallback);
    }

    @Test
    void sessionsOfOneModelRunConcurrently() throws Exception {
        // the qwen model's products are large enough to go through the worker pool, which threads share
        GenerationSettings settings = GenerationSettings.defaults().withMaxTokens(24)
                .withSampling(SamplerSettings.defaults().withSeed(99));
        String prompt = "The quick brown fox jumps over the lazy dog, and then it runs away into the forest.";
        GenerationResult alone = qwen.newSession(256).generate(prompt, settings, t -> { });
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<GenerationResult>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> qwen.newSession(256).generate(prompt, settings, t -> { })));
            }
            for (var run : runs) {
                assertArrayEquals(alone.tokens(), run.get().tokens());
            }
        }
    }

    @Test
    void stopStringsEndTheTextBeforeThem() {
        GenerationResult full = stories.newSession().generate("Once upon a time", GREEDY.withMaxTokens(16), t -> { });
        String stop = "little";
        assertTrue(full.text().contains(stop), full.text());
        GenerationResult cut = stories.newSession().generate("Once upon a time",
                GREEDY.withMaxTokens(16).withStopStrings(List.of(stop)), t -> { });
        assertEquals(StopReason.STOP_STRING, cut.stopReason());
        assertEquals(full.text().substring(0, full.text().indexOf(stop)), cut.text());
    }

    @Test
    void textHeldBackForAStopStringThatNeverCompletesIsShownAtTheEnd() {
        GenerationResult full = stories.newSession().generate("Once upon a time", GREEDY.withMaxTokens(16), t -> { });
        String tailWord = full.text().substring(full.text().lastIndexOf(' '));
        StringBuilder streamed = new StringBuilder();
        GenerationResult r = stories.newSession().generate("Once upon a time",
                GREEDY.withMaxTokens(16).withStopStrings(List.of(tailWord + "!!")), streamed::append);
        assertEquals(StopReason.MAX_TOKENS, r.stopReason());
        assertEquals(full.text(), r.text());
        assertEquals(full.text(), streamed.toString());
    }

    @Test
    void cancellationStopsAfterTheCurrentToken() {
        Session s = stories.newSession();
        List<String> pieces = new ArrayList<>();
        GenerationResult r = s.generate("Once upon a time", GREEDY.withMaxTokens(50), piece -> {
            pieces.add(piece);
            if (pieces.size() == 3) {
                s.cancel();
            }
        });
        assertEquals(StopReason.CANCELLED, r.stopReason());
        assertEquals(3, r.tokens().length);
    }

    @Test
    void theContextLimitEndsGeneration() {
        Session s = stories.newSession(12);
        GenerationResult r = s.generate("Once upon a time", GREEDY, t -> { });
        assertEquals(StopReason.CONTEXT_FULL, r.stopReason());
        assertEquals(12 - 5 + 1, r.tokens().length, "the last sampled token needs no room in the cache");
    }

    @Test
    void aSecondChatTurnEvaluatesOnlyTheNewTokens() {
        Session s = qwen.newSession(512);
        List<ChatMessage> chat = new ArrayList<>(List.of(new ChatMessage("system", "You are terse."),
                new ChatMessage("user", "Hello")));
        GenerationResult first = s.chat(chat, GREEDY.withMaxTokens(8), t -> { });
        int firstPrompt = first.promptTokens();
        chat.add(new ChatMessage("assistant", first.text()));
        chat.add(new ChatMessage("user", "And then?"));
        GenerationResult second = s.chat(chat, GREEDY.withMaxTokens(8), t -> { });

        int[] fullSecondPrompt = qwen.tokenizer().encode(qwen.chatPrompt(chat), true, true);
        assertTrue(second.promptTokens() < fullSecondPrompt.length - firstPrompt + 1,
                "evaluated " + second.promptTokens() + " of " + fullSecondPrompt.length + " prompt tokens");
        GenerationResult fresh = qwen.newSession(512).chat(chat, GREEDY.withMaxTokens(8), t -> { });
        assertArrayEquals(fresh.tokens(), second.tokens(), "reusing the cache must not change the answer");
    }
}
