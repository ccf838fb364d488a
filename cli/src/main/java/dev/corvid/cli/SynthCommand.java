package dev.corvid.cli;

import dev.corvid.gguf.GgufFile;
import dev.corvid.quant.GgmlType;
import dev.corvid.synth.ModelSpec;
import dev.corvid.synth.SyntheticModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code corvid synth}: a seeded random-weight model with a real model's structure and tokenizer. */
@Command(name = "synth",
        description = {"Write a seeded random-weight model of a real Llama or Qwen2 shape.",
                "It carries the tokenizer (and chat template) of a vocabulary GGUF: for testing loading, quantization and speed.",
                "Give --preset, or --layers --width --ffn --heads --kv-heads (and optionally the rest)."})
final class SynthCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT", description = "the GGUF to write")
    Path out;

    @Option(names = "--vocab", required = true, paramLabel = "VOCAB.gguf", description = "GGUF whose tokenizer.* keys to copy")
    Path vocab;

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--type", paramLabel = "TYPE", description = "matrix type, F16 or F32 (default: ${DEFAULT-VALUE})")
    String type = "F16";

    @Option(names = "--preset", paramLabel = "NAME", description = "qwen2.5-0.5b, llama-3.2-1b or smollm2-135m")
    String preset;

    @Option(names = "--arch", paramLabel = "ARCH", description = "llama or qwen2 (default: the preset's, else llama)")
    String arch;

    @Option(names = "--layers", paramLabel = "N", description = "transformer blocks") Integer layers;
    @Option(names = "--width", paramLabel = "W", description = "embedding length") Integer width;
    @Option(names = "--ffn", paramLabel = "F", description = "feed-forward length") Integer ffn;
    @Option(names = "--heads", paramLabel = "H", description = "attention (query) heads") Integer heads;
    @Option(names = "--kv-heads", paramLabel = "K", description = "key/value heads (grouped-query attention)") Integer kvHeads;
    @Option(names = "--rope-base", paramLabel = "B", description = "RoPE frequency base") Float ropeBase;
    @Option(names = "--rms-eps", paramLabel = "E", description = "RMSNorm epsilon") Float rmsEps;
    @Option(names = "--context", paramLabel = "N", description = "context length written to the metadata") Integer context;
    @Option(names = "--tied", arity = "1", paramLabel = "BOOL", description = "tie the LM head to token_embd (true/false)") Boolean tied;
    @Option(names = "--qkv-bias", arity = "1", paramLabel = "BOOL", description = "q/k/v biases (true/false; default: qwen2 only)") Boolean qkvBias;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "worker threads (default: available processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        ModelSpec model = modelSpec();
        GgmlType matrices = switch (type.toUpperCase(Locale.ROOT)) {
            case "F16" -> GgmlType.F16;
            case "F32" -> GgmlType.F32;
            default -> throw new IllegalArgumentException("--type must be F16 or F32, got " + type);
        };
        String label = preset != null ? preset : "custom " + model.layers() + "x" + model.width();
        try (GgufFile vocabFile = GgufFile.open(vocab)) {
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "synthesizing " + label);
            try (bar) {
                SyntheticModel.write(model, label, vocabFile, seed, matrices, out, threads, bar::update);
            }
            spec.commandLine().getOut().printf("%s: %s, %s, %.1f s%n", out, label, Units.bytes(Files.size(out)), bar.seconds());
        }
        return 0;
    }

    /** The preset with any given option replacing its value, or a custom shape from the options alone. */
    private ModelSpec modelSpec() {
        ModelSpec base = preset != null ? ModelSpec.preset(preset) : null;
        if (base == null && (layers == null || width == null || ffn == null || heads == null || kvHeads == null)) {
            throw new IllegalArgumentException("give --preset, or all of --layers --width --ffn --heads --kv-heads");
        }
        String a = arch != null ? arch : base != null ? base.architecture() : "llama";
        boolean qwen = a.equals("qwen2");
        return new ModelSpec(a,
                layers != null ? layers : base.layers(),
                width != null ? width : base.width(),
                ffn != null ? ffn : base.ffn(),
                heads != null ? heads : base.heads(),
                kvHeads != null ? kvHeads : base.kvHeads(),
                ropeBase != null ? ropeBase : base != null ? base.ropeBase() : qwen ? 1e6f : 10000f,
                rmsEps != null ? rmsEps : base != null ? base.rmsEps() : qwen ? 1e-6f : 1e-5f,
                context != null ? context : base != null ? base.context() : 2048,
                tied != null ? tied : base != null ? base.tiedEmbeddings() : qwen,
                qkvBias != null ? qkvBias : base != null ? base.qkvBias() : qwen);
    }
}
