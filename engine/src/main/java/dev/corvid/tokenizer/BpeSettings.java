package dev.corvid.tokenizer;

/**
 * What the {@code tokenizer.ggml.pre} name of a byte-level BPE vocabulary selects in llama.cpp: the
 * pre-tokenizer and the defaults that come with it (metadata may still override add_bos).
 *
 * @param cleanSpaces  detokenization removes spaces before punctuation and contractions
 * @param ignoreMerges a pre-tokenized word that is itself a token is taken whole
 * @param addBos       BOS is added by default
 * @param noBos        the vocabulary has no BOS token unless metadata names one
 */
record BpeSettings(PreTokenizerType type, boolean cleanSpaces, boolean ignoreMerges, boolean addBos, boolean noBos) {

    /** @throws UnsupportedOperationException for a pre-tokenizer Corvid does not implement */
    static BpeSettings forName(String pre) {
        return switch (pre) {
            case "", "default" -> plain(PreTokenizerType.DEFAULT, true);
            case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
                 "jina-v5-nano" -> new BpeSettings(PreTokenizerType.LLAMA3, true, true, true, false);
            case "dbrx", "smaug-bpe" -> plain(PreTokenizerType.LLAMA3, true);
            case "glm4", "chatglm-bpe" -> new BpeSettings(PreTokenizerType.LLAMA3, true, false, false, true);
            case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0",
                 "mellum", "modern-bert", "exaone4", "jina-v1-en", "jina-v2-code", "roberta-bpe", "mpt", "olmo",
                 "jais" -> plain(PreTokenizerType.GPT2, true);
            case "trillion", "granite-docling" -> plain(PreTokenizerType.GPT2, false);
            case "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "hunyuan", "solar-open", "grok-2" ->
                    plain(PreTokenizerType.QWEN2, false);
            case "megrez", "stablelm2" -> plain(PreTokenizerType.QWEN2, true);
            case "deepseek-coder" -> plain(PreTokenizerType.DEEPSEEK_CODER, false);
            case "starcoder", "refact", "codeshell", "exaone", "minerva-7b", "mellum2" ->
                    plain(PreTokenizerType.STARCODER, true);
            case "command-r", "smollm" -> plain(PreTokenizerType.STARCODER, false);
            case "falcon" -> plain(PreTokenizerType.FALCON, true);
            default -> throw new UnsupportedOperationException("pre-tokenizer '" + pre + "' is not supported");
        };
    }

    private static BpeSettings plain(PreTokenizerType type, boolean cleanSpaces) {
        return new BpeSettings(type, cleanSpaces, false, false, false);
    }
}
