package dev.corvid.lora;

/**
 * One adapter's correction to one projection, {@code out += s B (A x)}, laid out for speed when attached:
 * per token, {@code A x} is computed once, scaled, and multiplied by {@code B} straight into the output,
 * with no temporary array. Rank 1 has its own loop; other ranks go eight at a time (the rank-8 path),
 * the factors padded with zero rows and columns to a multiple of 8, which add exact zeros. Within a group
 * of eight, A is stored interleaved ({@code a[i * 8 + k]} = row k, input i) so that one pass over the
 * input feeds all eight sums from contiguous memory. Immutable and thread-safe.
 */
final class LowRankTerm {
    private static final int GROUP = 8;

    private final int inputs;
    private final int outputs;
    private final int groups;
    private final float scale;
    /** Rank 1: A's row. Otherwise group g at {@code g * inputs * 8}: {@code a[.. + i * 8 + k]} = A[8g + k][i]. */
    private final float[] a;
    /** Rank 1: B's column. Otherwise {@code b[o * groups * 8 + 8g + k]} = B[o][8g + k]. */
    private final float[] b;

    LowRankTerm(LoraWeights w, float scale) {
        this.inputs = w.inputs();
        this.outputs = w.outputs();
        this.scale = scale;
        if (w.rank() == 1) {
            this.groups = 0;
            this.a = w.a().clone();
            this.b = w.b().clone();
            return;
        }
        this.groups = (w.rank() + GROUP - 1) / GROUP;
        int padded = groups * GROUP;
        this.a = new float[padded * inputs];
        this.b = new float[outputs * padded];
        for (int k = 0; k < w.rank(); k++) {
            int group = k / GROUP;
            int lane = k % GROUP;
            for (int i = 0; i < inputs; i++) {
                a[group * inputs * GROUP + i * GROUP + lane] = w.a()[k * inputs + i];
            }
            for (int o = 0; o < outputs; o++) {
                b[o * padded + k] = w.b()[o * w.rank() + k];
            }
        }
    }

    /** Adds {@code s B (A in[t])} to {@code out[t]} for each of the {@code nTokens} rows. */
    void addTo(float[] in, int nTokens, float[] out) {
        for (int t = 0; t < nTokens; t++) {
            if (groups == 0) {
                addRankOne(in, t * inputs, out, t * outputs);
            } else {
                for (int g = 0; g < groups; g++) {
                    addGroup(g, in, t * inputs, out, t * outputs);
                }
            }
        }
    }

    private void addRankOne(float[] in, int x, float[] out, int y) {
        float u = 0f;
        for (int i = 0; i < inputs; i++) {
            u += a[i] * in[x + i];
        }
        u *= scale;
        for (int o = 0; o < outputs; o++) {
            out[y + o] += b[o] * u;
        }
    }

    /** Eight ranks: their eight sums {@code A_k x} in one pass over x, then eight products per output. */
    private void addGroup(int g, float[] in, int x, float[] out, int y) {
        float u0 = 0f, u1 = 0f, u2 = 0f, u3 = 0f, u4 = 0f, u5 = 0f, u6 = 0f, u7 = 0f;
        int base = g * inputs * GROUP;
        for (int i = 0; i < inputs; i++) {
            float xi = in[x + i];
            int j = base + i * GROUP;
            u0 += a[j] * xi;
            u1 += a[j + 1] * xi;
            u2 += a[j + 2] * xi;
            u3 += a[j + 3] * xi;
            u4 += a[j + 4] * xi;
            u5 += a[j + 5] * xi;
            u6 += a[j + 6] * xi;
            u7 += a[j + 7] * xi;
        }
        u0 *= scale;
        u1 *= scale;
        u2 *= scale;
        u3 *= scale;
        u4 *= scale;
        u5 *= scale;
        u6 *= scale;
        u7 *= scale;
        int stride = groups * GROUP;
        for (int o = 0; o < outputs; o++) {
            int j = o * stride + g * GROUP;
            out[y + o] += b[j] * u0 + b[j + 1] * u1 + b[j + 2] * u2 + b[j + 3] * u3
                    + b[j + 4] * u4 + b[j + 5] * u5 + b[j + 6] * u6 + b[j + 7] * u7;
        }
    }
}
