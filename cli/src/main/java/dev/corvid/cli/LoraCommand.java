package dev.corvid.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code corvid lora}: LoRA adapter files (llama.cpp's adapter GGUF). */
@Command(name = "lora",
        description = {"Inspect LoRA adapters or merge them into a model.",
                "To apply adapters unmerged, use --lora / --lora-scaled on generate, chat and eval."},
        subcommands = {CommandLine.HelpCommand.class, LoraInfoCommand.class, LoraMergeCommand.class,
                LoraSynthCommand.class})
final class LoraCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
