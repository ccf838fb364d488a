package dev.corvid.bench;

import dev.corvid.kernel.QuantizedMatrix;
import dev.corvid.kernel.RandomBlocks;
import dev.corvid.quant.GgmlType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** A prefill product: 512 tokens through an 896 x 896 matrix (attn_q / attn_output) on the worker pool. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrefillBenchmark {
    private static final int TOKENS = 512;
    private static final int WIDTH = 896;

    @Param({"Q5_0", "Q8_0", "F32"})
    public String type;

    private QuantizedMatrix matrix;
    private float[] in;
    private float[] out;

    @Setup
    public void setUp() {
        GgmlType t = GgmlType.valueOf(type);
        matrix = new QuantizedMatrix(t, RandomBlocks.of(t, (long) WIDTH * WIDTH, 1), WIDTH, WIDTH);
        in = Inputs.gaussian(TOKENS * WIDTH, 2);
        out = new float[TOKENS * WIDTH];
    }

    @Benchmark
    public float[] multiply() {
        matrix.multiply(in, TOKENS, out);
        return out;
    }
}
