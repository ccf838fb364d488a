package dev.corvid.lora;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.quant.GgmlType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random adapter for a base model: the starting point of training and the fixture of
 * overhead benchmarks. {@code A ~ N(0, 1/inputs)} as LoRA initialises it; {@code B ~ N(0, bStd^2)}
 * (LoRA training starts from {@code B = 0}, a correction of exactly zero: give {@code bStd = 0}).
 *
 * <pre>{@code
 * try (GgufFile base = GgufFile.open(Path.of("model.gguf"))) {
 *     RandomLora.of(base, 8, RandomLora.ALL_PROJECTIONS, 0.01f, 42).save(Path.of("r8.gguf"));
 * }
 * }</pre>
 */
public final class RandomLora {
    /** The seven projections of every layer. */
    public static final List<String> ALL_PROJECTIONS =
            List.of("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down");

    private RandomLora() {
    }

    /**
     * Rank-{@code rank} factors for every 2-D weight {@code blk.N.<projection>.weight} of {@code base}
     * whose projection is in {@code projections}; alpha equals the rank, so scale 1 applies {@code B A} as is.
     */
    public static LoraAdapter of(GgufFile base, int rank, List<String> projections, float bStd, long seed) {
        String architecture = base.metadata().getString("general.architecture");
        List<LoraWeights> weights = new ArrayList<>();
        for (GgufTensor t : base.tensors()) {
            if (t.rank() == 2 && targets(t.name(), projections)) {
                int inputs = Math.toIntExact(t.dim(0));
                int outputs = Math.toIntExact(t.dim(1));
                SplittableRandom random = new SplittableRandom(seed ^ t.name().hashCode());
                float[] a = gaussian(random, rank * inputs, (float) (1.0 / Math.sqrt(inputs)));
                float[] b = gaussian(random, outputs * rank, bStd);
                weights.add(new LoraWeights(t.name(), rank, inputs, outputs, a, b, GgmlType.F32, GgmlType.F32));
            }
        }
        if (weights.isEmpty()) {
            throw new IllegalArgumentException(base.path() + " has no weight of the projections " + projections);
        }
        return new LoraAdapter("random rank-" + rank + " adapter, seed " + seed, architecture, rank, weights);
    }

    private static boolean targets(String name, List<String> projections) {
        for (String p : projections) {
            if (name.startsWith("blk.") && name.endsWith("." + p + ".weight")) {
                return true;
            }
        }
        return false;
    }

    private static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = std == 0 ? 0 : (float) (random.nextGaussian() * std);
        }
        return v;
    }
}
