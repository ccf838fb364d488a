package dev.corvid.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text into the words a byte-level BPE merges within, as a pipeline of {@link Splitter}s that
 * each refine the previous cut (llama.cpp's {@code unicode_regex_split}).
 */
final class PreTokenizer {
    private final List<Splitter> stages;

    private PreTokenizer(List<Splitter> stages) {
        this.stages = stages;
    }

    /** The pre-tokenizer llama.cpp uses for {@code type}. */
    static PreTokenizer of(PreTokenizerType type) {
        return new PreTokenizer(switch (type) {
            case GPT2 -> List.of(new Gpt2Splitter());
            case LLAMA3 -> List.of(new Llama3Splitter(3));
            case QWEN2 -> List.of(new Llama3Splitter(1));
            case DEEPSEEK_CODER -> List.of(
                    new RegexSplitter("[\r\n]"),
                    new RegexSplitter("\\s?\\p{L}+"),
                    new RegexSplitter("\\s?\\p{P}+"),
                    new RegexSplitter("[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+"),
                    new RegexSplitter("\\p{N}"));
            case STARCODER -> List.of(new RegexSplitter("\\p{N}"), new Gpt2Splitter());
            case FALCON -> List.of(
                    new RegexSplitter("[\\p{P}\\$\\+<=>\\^~\\|]+"),
                    new Gpt2Splitter(),
                    new RegexSplitter("[0-9][0-9][0-9]"));
            case DEFAULT -> List.of(
                    new RegexSplitter("[\\p{P}\\$\\+<=>\\^~\\|]+"),
                    new Gpt2Splitter(),
                    new RegexSplitter("\\p{N}+"),
                    new RegexSplitter("[0-9][0-9][0-9]"));
        });
    }

    /** The words of {@code text}, in order; together they spell the text. */
    List<String> split(String text) {
        int[] cps = text.codePoints().toArray();
        IntList lengths = new IntList();
        lengths.add(cps.length);
        for (Splitter stage : stages) {
            lengths = stage.split(cps, lengths);
        }
        List<String> words = new ArrayList<>(lengths.size());
        int start = 0;
        for (int i = 0; i < lengths.size(); i++) {
            int end = start + lengths.get(i);
            words.add(new String(cps, start, end - start));
            start = end;
        }
        return words;
    }
}
