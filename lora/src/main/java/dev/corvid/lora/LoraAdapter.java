package dev.corvid.lora;

import dev.corvid.quant.GgmlType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A LoRA adapter: low-rank corrections to some weights of a base model of one architecture, read from
 * or written to llama.cpp's adapter GGUF ({@link LoraFile}). Immutable; its factors are floats, decoded
 * once at load, so that any number of {@link LoraStack}s on any number of models share them.
 *
 * <pre>{@code
 * LoraAdapter style = LoraAdapter.load(Path.of("style.lora.gguf"));
 * state.setAdapter(LoraStack.of(model, List.of(style.scaled(0.8f))));
 * }</pre>
 *
 * @param source       names the adapter in errors: its file name when loaded
 * @param architecture the base model's {@code general.architecture}
 * @param alpha        {@code adapter.lora.alpha}; 0 when the file has none (then the scale is not divided by the rank)
 * @param weights      one entry per adapted weight, sorted by target name
 */
public record LoraAdapter(String source, String architecture, float alpha, List<LoraWeights> weights) {

    public LoraAdapter {
        weights = weights.stream().sorted(Comparator.comparing(LoraWeights::target)).toList();
        for (int i = 1; i < weights.size(); i++) {
            if (weights.get(i).target().equals(weights.get(i - 1).target())) {
                throw new IllegalArgumentException(source + ": two LoRA entries for '" + weights.get(i).target() + "'");
            }
        }
    }

    /** Reads an adapter GGUF, checking its format (not yet against a model: that is {@link LoraStack}'s job). */
    public static LoraAdapter load(Path file) throws IOException {
        return LoraFile.read(file);
    }

    /** Writes this adapter as llama.cpp's adapter GGUF, each factor in its type; replaces {@code file} when complete. */
    public void save(Path file) throws IOException {
        LoraFile.write(this, file);
    }

    /** This adapter applied with {@code scale} (1 as trained; 0 disables it; negative reverses it). */
    public ScaledLora scaled(float scale) {
        return new ScaledLora(this, scale);
    }

    /** The factors adapting the weight {@code target}, if any. */
    public Optional<LoraWeights> weights(String target) {
        return weights.stream().filter(w -> w.target().equals(target)).findFirst();
    }

    /** The ranks of its weights: usually one. */
    public SortedSet<Integer> ranks() {
        TreeSet<Integer> ranks = new TreeSet<>();
        weights.forEach(w -> ranks.add(w.rank()));
        return ranks;
    }

    /** This adapter with every factor stored as {@code aType} / {@code bType}, values rounded accordingly. */
    public LoraAdapter withTypes(GgmlType aType, GgmlType bType) {
        return new LoraAdapter(source, architecture, alpha, weights.stream().map(w -> w.withTypes(aType, bType)).toList());
    }
}
