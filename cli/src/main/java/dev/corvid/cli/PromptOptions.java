package dev.corvid.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The prompt's text: {@code -p TEXT} or {@code -f FILE}. */
final class PromptOptions {
    @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "the prompt")
    String text;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "read the prompt from FILE (UTF-8)")
    Path file;

    String read() throws IOException {
        return text != null ? text : Files.readString(file, StandardCharsets.UTF_8);
    }
}
