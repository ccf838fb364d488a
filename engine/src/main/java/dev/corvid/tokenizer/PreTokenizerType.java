package dev.corvid.tokenizer;

/** The pre-tokenizer families of llama.cpp that Corvid implements (see {@link BpeSettings} for the names). */
enum PreTokenizerType {
    /** llama.cpp's fallback: punctuation runs, then GPT-2 words, then digit runs cut in threes. */
    DEFAULT,
    /** GPT-2 words. */
    GPT2,
    /** Llama-3 words: case-insensitive contractions, digits in groups of up to three. */
    LLAMA3,
    /** As Llama-3, but every digit alone. */
    QWEN2,
    /** DeepSeek Coder: line breaks, letters, punctuation, CJK runs and single digits. */
    DEEPSEEK_CODER,
    /** StarCoder and relatives: single digits, then GPT-2 words. */
    STARCODER,
    /** Falcon: punctuation runs, GPT-2 words, then three-digit groups. */
    FALCON
}
