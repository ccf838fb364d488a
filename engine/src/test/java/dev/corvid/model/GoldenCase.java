package dev.corvid.model;

import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One golden directory and prompt, with the model file that reproduces it (golden/README.md):
 * the float references {@code stories260K/} and {@code synth-qwen2-256x2.f32/} (whose F32 master is the
 * F16 file dequantized), every {@code X.dequantf32/} (file {@code X.gguf} dequantized at load) in
 * precise mode, and every other dir {@code X/} (file {@code X.gguf}) in fast mode.
 */
record GoldenCase(String dir, String modelFile, GoldenRun.Prompt prompt) {

    private static final String DEQUANT_SUFFIX = ".dequantf32";
    private static final List<String> FLOAT_REFERENCES = List.of("stories260K", "synth-qwen2-256x2.f32");

    Path modelPath() {
        return SharedAssets.models().resolve(modelFile);
    }

    @Override
    public String toString() {
        return dir + " " + prompt.id();
    }

    static Stream<Arguments> precise() {
        return cases(true);
    }

    static Stream<Arguments> fast() {
        return cases(false);
    }

    private static Stream<Arguments> cases(boolean precise) {
        List<Arguments> cases = new ArrayList<>();
        for (String dir : goldenDirs()) {
            boolean floatReference = dir.endsWith(DEQUANT_SUFFIX) || FLOAT_REFERENCES.contains(dir);
            if (floatReference != precise) {
                continue;
            }
            String model = switch (dir) {
                case "synth-qwen2-256x2.f32" -> "synth-qwen2-256x2.F16.gguf";
                default -> dir.replace(DEQUANT_SUFFIX, "") + ".gguf";
            };
            try {
                for (GoldenRun.Prompt p : GoldenRun.read(dir).prompts()) {
                    cases.add(Arguments.of(new GoldenCase(dir, model, p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cases.stream();
    }

    private static List<String> goldenDirs() {
        try (Stream<Path> dirs = Files.list(SharedAssets.golden())) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
