package dev.corvid.bench;

import dev.corvid.kernel.QuantizedMatrix;
import dev.corvid.kernel.RandomBlocks;
import dev.corvid.kernel.RowKernel;
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

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * Matrix-vector products (one decode step's work) at Qwen2.5-0.5B's two FFN shapes, on random valid
 * blocks: {@code rowDots} runs every row's fused dot on one thread (the kernel alone),
 * {@code multiply} the whole product on the shared worker pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmark {
    @Param({"Q8_0", "Q5_0", "Q4_K", "Q6_K", "F32", "Q4_0"})
    public String type;

    /** rows x cols: ffn_up/gate (4864 x 896) and ffn_down (896 x 4864). */
    @Param({"4864x896", "896x4864"})
    public String shape;

    private MemorySegment data;
    private RowKernel kernel;
    private QuantizedMatrix matrix;
    private long rowBytes;
    private int rows;
    private int cols;
    private float[] in;
    private float[] out;

    @Setup
    public void setUp() {
        GgmlType t = GgmlType.valueOf(type);
        String[] dims = shape.split("x");
        rows = Integer.parseInt(dims[0]);
        cols = Integer.parseInt(dims[1]);
        data = RandomBlocks.of(t, (long) rows * cols, 1);
        kernel = RowKernel.forType(t);
        matrix = new QuantizedMatrix(t, data, rows, cols);
        rowBytes = t.byteSize(cols);
        in = Inputs.gaussian(cols, 2);
        out = new float[rows];
    }

    @Benchmark
    public float[] rowDots() {
        for (int r = 0; r < rows; r++) {
            out[r] = kernel.dot(data, r * rowBytes, in, 0, cols);
        }
        return out;
    }

    @Benchmark
    public float[] multiply() {
        matrix.multiply(in, 1, out);
        return out;
    }
}
