package dev.corvid.cli;

import dev.corvid.gguf.GgufFile;
import dev.corvid.quant.GgmlType;
import dev.corvid.quantize.FileType;
import dev.corvid.quantize.ModelQuantizer;
import dev.corvid.quantize.QuantizationPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code corvid quantize IN OUT TYPE}: llama.cpp's {@code llama-quantize} without an importance matrix. */
@Command(name = "quantize",
        description = {"Quantize a GGUF model to a llama.cpp file type.",
                "llama.cpp's per-tensor type choices and exact quantizers (the output matches llama-quantize's byte for byte).",
                "TYPE: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K_S, Q3_K_M, Q3_K_L, Q4_K_S, Q4_K_M,",
                "Q5_K_S, Q5_K_M, Q6_K."})
final class QuantizeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "the source GGUF (F32, F16 or BF16 weights)")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "the GGUF to write (replaced only when complete)")
    Path out;

    @Parameters(index = "2", paramLabel = "TYPE", description = "the file type, e.g. Q4_K_M")
    String type;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "worker threads (default: available processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--allow-requantize",
            description = "accept a source that is already quantized (not needed for F32, which dequantizes exactly)")
    boolean allowRequantize;

    @Override
    public Integer call() throws Exception {
        FileType fileType = FileType.parse(type);
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new IllegalArgumentException("OUT must differ from IN (" + out + ")");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (GgufFile source = GgufFile.open(in)) {
            QuantizationPlan plan = QuantizationPlan.of(source, fileType);
            ProgressBar bar = new ProgressBar(err, "quantizing " + in.getFileName() + " to " + fileType);
            try (bar) {
                ModelQuantizer.quantize(source, plan, out, new ModelQuantizer.Options(threads, allowRequantize, bar::update));
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("%s: %d tensors, %s of tensor data, %.1f s%n", out, plan.entries().size(),
                    Units.bytes(plan.tensorBytes()), bar.seconds());
            for (Map.Entry<GgmlType, Integer> e : plan.typeCounts().entrySet()) {
                stdout.printf("  %-6s %4d tensors%n", e.getKey(), e.getValue());
            }
        }
        return 0;
    }
}
