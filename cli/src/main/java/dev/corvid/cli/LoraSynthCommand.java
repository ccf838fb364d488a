package dev.corvid.cli;

import dev.corvid.gguf.GgufFile;
import dev.corvid.lora.LoraAdapter;
import dev.corvid.lora.RandomLora;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code corvid lora synth}: a seeded random adapter for a model, to start training from or to benchmark. */
@Command(name = "synth",
        description = {"Write a seeded random LoRA adapter for a model.",
                "A ~ N(0, 1/inputs); B ~ N(0, B_STD^2) (0 gives a zero correction, LoRA's initial state)."})
final class LoraSynthCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", description = "the base model")
    Path model;

    @Option(names = {"-r", "--rank"}, paramLabel = "R", description = "rank (default: ${DEFAULT-VALUE})")
    int rank = 8;

    @Option(names = "--targets", split = ",", paramLabel = "NAME",
            description = "projections to adapt (default: attn_q,attn_k,attn_v,attn_output,ffn_gate,ffn_up,ffn_down)")
    List<String> targets = RandomLora.ALL_PROJECTIONS;

    @Option(names = "--b-std", paramLabel = "X", description = "standard deviation of B (default: ${DEFAULT-VALUE})")
    float bStd = 0.01f;

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Parameters(index = "0", paramLabel = "OUT", description = "the adapter GGUF to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (rank < 1) {
            throw new IllegalArgumentException("--rank must be at least 1: " + rank);
        }
        try (GgufFile base = GgufFile.open(model)) {
            LoraAdapter adapter = RandomLora.of(base, rank, targets, bStd, seed);
            adapter.save(out);
            spec.commandLine().getErr().printf("%s: rank %d, %d weights of %s%n", out, rank, adapter.weights().size(), model);
        }
        return 0;
    }
}
