package dev.corvid.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code corvid} command: its subcommands are the verbs users type. */
@Command(name = "corvid",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Pure-Java LLM inference on GGUF models (Llama and Qwen2 families).",
        subcommands = {CommandLine.HelpCommand.class, InfoCommand.class, GenerateCommand.class, ChatCommand.class,
                TokenizeCommand.class, EvalCommand.class, BenchCommand.class, QuantizeCommand.class,
                SynthCommand.class, LoraCommand.class},
        footer = {"", "Run 'corvid help COMMAND' for a command's options."})
public final class Corvid implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Corvid());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("corvid " + cmd.getCommandName() + ": " + ex.getMessage());
            if (Boolean.getBoolean("corvid.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }
}
