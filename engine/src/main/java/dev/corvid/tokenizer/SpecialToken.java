package dev.corvid.tokenizer;

import java.util.List;

/** The roles a vocabulary can name a token for, with the GGUF keys that name them (later keys win). */
public enum SpecialToken {
    BOS("bos_token_id"),
    EOS("eos_token_id"),
    /** End of turn. */
    EOT("eot_token_id"),
    /** End of message (tool call). */
    EOM("eom_token_id"),
    UNK("unknown_token_id"),
    /** Separator; the key's spelling is GGUF's own. */
    SEP("seperator_token_id"),
    PAD("padding_token_id"),
    MASK("mask_token_id"),
    FIM_PRE("fim_pre_token_id", "prefix_token_id"),
    FIM_SUF("fim_suf_token_id", "suffix_token_id"),
    FIM_MID("fim_mid_token_id", "middle_token_id"),
    FIM_PAD("fim_pad_token_id"),
    FIM_REP("fim_rep_token_id"),
    FIM_SEP("fim_sep_token_id");

    private final List<String> keys;

    SpecialToken(String... keySuffixes) {
        this.keys = java.util.Arrays.stream(keySuffixes).map(s -> "tokenizer.ggml." + s).toList();
    }

    /** The metadata keys, in the order llama.cpp reads them. */
    List<String> metadataKeys() {
        return keys;
    }
}
