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

    /** An adapter file and the scale to apply it at. */
    record AdapterFile(Path file, float scale) {
    }

    /** The adapters asked for, those of {@code --lora} first. */
    List<AdapterFile> files() {
        List<AdapterFile> all = new ArrayList<>();
        for (Path file : loras) {
            all.add(new AdapterFile(file, 1.0f));
        }
        for (int i = 0; i < scaled.size(); i += 2) {
            all.add(new AdapterFile(Path.of(scaled.get(i)), parseScale(scaled.get(i + 1))));
        }
        return all;
    }

    /** The adapters, read from their files, with their scales. */
    List<ScaledLora> load() throws IOException {
        List<ScaledLora> all = new ArrayList<>();
        for (AdapterFile f : files()) {
            all.add(LoraAdapter.load(f.file()).scaled(f.scale()));
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
