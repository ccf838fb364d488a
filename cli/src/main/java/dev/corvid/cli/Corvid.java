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

    /** What went wrong, in words: file-system exceptions carry only a path as their message. */
    static String describe(Throwable ex) {
        return switch (ex) {
            case java.nio.file.NoSuchFileException e -> "no such file: " + e.getFile();
            case java.nio.file.AccessDeniedException e -> "permission denied: " + e.getFile();
            case java.nio.file.FileAlreadyExistsException e -> "already exists: " + e.getFile();
            case java.nio.file.NotDirectoryException e -> "not a directory: " + e.getFile();
            case OutOfMemoryError e -> "out of memory (" + e.getMessage() + "); give the JVM more with -Xmx";
            default -> ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        };
    }

    /** The configured command line, shared by {@link #main} and tests. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Corvid());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("corvid " + cmd.getCommandName() + ": " + describe(ex));
            if (Boolean.getBoolean("corvid.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }
}
