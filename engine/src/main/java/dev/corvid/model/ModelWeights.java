package dev.corvid.model;

import dev.corvid.kernel.Linear;
import dev.corvid.kernel.WeightMatrix;

import java.util.List;
import java.util.stream.IntStream;

/**
 * All weights of a model. With tied embeddings (no {@code output.weight}) the output projection
 * reuses the token embedding matrix, as llama.cpp does.
 *
 * @param ropeFreqFactors Llama 3's per-pair RoPE divisors ({@code rope_freqs.weight}), or null
 */
record ModelWeights(WeightMatrix tokenEmbeddings, List<LayerWeights> layers, float[] outputNorm, Linear output,
                    float[] ropeFreqFactors) {

    static final String TOKEN_EMBEDDINGS = "token_embd.weight";
    private static final String OUTPUT = "output";

    static ModelWeights load(TensorLoader loader, ModelConfig c) {
        int dim = c.embeddingLength();
        WeightMatrix embeddings = loader.matrix(TOKEN_EMBEDDINGS, c.vocabularySize(), dim);
        Linear output = loader.has(OUTPUT + ".weight")
                ? loader.linear(OUTPUT, c.vocabularySize(), dim)
                : new Linear(embeddings, loader.optionalVector(OUTPUT + ".bias", c.vocabularySize()));
        return new ModelWeights(
                embeddings,
                IntStream.range(0, c.layerCount()).mapToObj(i -> LayerWeights.load(loader, c, i)).toList(),
                loader.vector("output_norm.weight", dim),
                output,
                loader.optionalVector("rope_freqs.weight", c.ropeDimensions() / 2));
    }
}
