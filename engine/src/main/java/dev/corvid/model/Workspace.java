package dev.corvid.model;

import dev.corvid.kernel.CausalAttention;
import dev.corvid.kernel.Projections;
import dev.corvid.kernel.WorkerPool;

/**
 * The activations of one {@link InferenceState}'s forward passes, kept between calls: they are sized
 * for the largest batch seen so far, so decoding token after token allocates nothing but the
 * returned logits.
 */
final class Workspace {
    final Projections projections;
    final CausalAttention.Pass attention;
    final float[] cosSin;
    private final ModelConfig config;

    private int capacity;
    float[] x;
    float[] normed;
    float[] q;
    float[] k;
    float[] v;
    float[] attended;
    float[] projected;
    float[] gate;
    float[] up;
    /** Output arrays of the fused projections, in the order of {@link Transformer}'s linear groups. */
    final float[][] qkv = new float[3][];
    final float[][] gateUp = new float[2][];
    final float[][] single = new float[1][];

    Workspace(ModelConfig config, CausalAttention attention, WorkerPool pool) {
        this.config = config;
        this.projections = new Projections(pool);
        this.attention = attention.newPass(pool);
        this.cosSin = new float[config.ropeDimensions()];
    }

    /** Makes room for a batch of {@code n} tokens. */
    void ensure(int n) {
        if (n <= capacity) {
            return;
        }
        int dim = config.embeddingLength();
        x = new float[n * dim];
        normed = new float[n * dim];
        q = new float[n * config.queryDim()];
        k = new float[n * config.kvDim()];
        v = new float[n * config.kvDim()];
        attended = new float[n * config.queryDim()];
        projected = new float[n * dim];
        gate = new float[n * config.feedForwardLength()];
        up = new float[n * config.feedForwardLength()];
        qkv[0] = q;
        qkv[1] = k;
        qkv[2] = v;
        gateUp[0] = gate;
        gateUp[1] = up;
        capacity = n;
    }
}
