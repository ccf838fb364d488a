package dev.corvid.cli;

import dev.corvid.lora.LoraAdapter;
import dev.corvid.lora.LoraWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code corvid lora info FILE}: what an adapter is for and what it changes. */
@Command(name = "info", description = "Show a LoRA adapter: base architecture, rank, alpha, adapted tensors and types.")
final class LoraInfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the adapter GGUF")
    Path file;

    @Override
    public Integer call() throws Exception {
        LoraAdapter adapter = LoraAdapter.load(file);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: LoRA adapter for %s%n", file.getFileName(), adapter.architecture());
        out.printf(Locale.ROOT, "rank:    %s%n", adapter.ranks().size() == 1 ? adapter.ranks().first() : adapter.ranks());
        out.printf(Locale.ROOT, "alpha:   %s%s%n", adapter.alpha(), adapter.alpha() == 0 ? " (none: scale not divided by rank)"
                : String.format(Locale.ROOT, " (scale 1 applies alpha/rank = %s)",
                        adapter.weights().getFirst().scale(adapter.alpha(), 1.0f)));
        out.printf(Locale.ROOT, "targets: %d tensors%n", adapter.weights().size());
        for (LoraWeights w : adapter.weights()) {
            out.printf(Locale.ROOT, "  %-28s rank %3d  %5d -> %-5d  A %-4s B %s%n", w.target(), w.rank(), w.inputs(),
                    w.outputs(), w.aType(), w.bType());
        }
        return 0;
    }
}
