package dev.corvid.cli;

import dev.corvid.lora.LoraAdapter;
import dev.corvid.lora.ScaledLora;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --lora FILE} and {@code --lora-scaled FILE SCALE}, repeatable, as llama.cpp's tools spell them. */
final class LoraOptions {
    @Option(names = "--lora", paramLabel = "FILE", description = "apply a LoRA adapter at scale 1 (repeatable)")
    List<Path> loras = List.of();

    @Option(names = "--lora-scaled", arity = "2", paramLabel = "FILE SCALE",
            description = "apply a LoRA adapter at SCALE (repeatable)")
    List<String> scaled = List.of();

    /** The adapters, read from their files, with their scales: those of {@code --lora} first. */
    List<ScaledLora> load() throws IOException {
        List<ScaledLora> all = new ArrayList<>();
        for (Path file : loras) {
            all.add(LoraAdapter.load(file).scaled(1.0f));
        }
        for (int i = 0; i < scaled.size(); i += 2) {
            all.add(LoraAdapter.load(Path.of(scaled.get(i))).scaled(parseScale(scaled.get(i + 1))));
        }
        return all;
    }

    private static float parseScale(String text) {
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--lora-scaled: SCALE '" + text + "' is not a number");
        }
    }
}
