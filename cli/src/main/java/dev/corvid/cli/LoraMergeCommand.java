package dev.corvid.cli;

import dev.corvid.gguf.GgufFile;
import dev.corvid.lora.LoraAdapter;
import dev.corvid.lora.LoraMerger;
import dev.corvid.lora.ScaledLora;
import dev.corvid.quantize.FileType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code corvid lora merge}: llama.cpp's {@code llama-export-lora}, optionally followed by quantization. */
@Command(name = "merge",
        description = {"Fold LoRA adapters into a model's weights (W + s B A) and write the merged model.",
                "Without --type, merged weights are F32 where the base weight is F32, else F16 (as llama-export-lora);",
                "with --type, the merged model is quantized to that file type (F32, F16, Q8_0, Q4_K_M, ...)."})
final class LoraMergeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", description = "the base GGUF model")
    Path model;

    @Option(names = "--lora", required = true, paramLabel = "FILE[:SCALE]",
            description = "an adapter, at SCALE (default 1) (repeatable)")
    List<String> loras;

    @Option(names = "--type", paramLabel = "TYPE", description = "quantize the merged model to this file type")
    String type;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "quantizer threads (default: available processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--allow-requantize", description = "with --type: accept re-encoding weights already quantized")
    boolean allowRequantize;

    @Parameters(paramLabel = "OUT", description = "the merged GGUF to write (replaced only when complete)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && Files.isSameFile(model, out)) {
            throw new IllegalArgumentException("OUT must differ from MODEL (" + out + ")");
        }
        List<ScaledLora> adapters = new ArrayList<>();
        for (String lora : loras) {
            adapters.add(parse(lora));
        }
        PrintWriter err = spec.commandLine().getErr();
        try (GgufFile base = GgufFile.open(model)) {
            ProgressBar bar = new ProgressBar(err, "merging " + adapters.size() + " adapter(s) into " + model.getFileName()
                    + (type != null ? " and quantizing to " + type : ""));
            try (bar) {
                if (type == null) {
                    LoraMerger.merge(base, adapters, out, bar::update);
                } else {
                    LoraMerger.merge(base, adapters, FileType.parse(type), allowRequantize, threads, out, bar::update);
                }
            }
            spec.commandLine().getOut().printf("%s: %s merged, %.1f s%n", out, String.join(", ", loras), bar.seconds());
        }
        return 0;
    }

    /** {@code FILE} or {@code FILE:SCALE}; a suffix that is not a number is part of the file name. */
    private static ScaledLora parse(String lora) throws IOException {
        int colon = lora.lastIndexOf(':');
        float scale = 1.0f;
        String file = lora;
        if (colon > 0) {
            try {
                scale = Float.parseFloat(lora.substring(colon + 1));
                file = lora.substring(0, colon);
            } catch (NumberFormatException notAScale) {
                file = lora;
            }
        }
        return LoraAdapter.load(Path.of(file)).scaled(scale);
    }
}
