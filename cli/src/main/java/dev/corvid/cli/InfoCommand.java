package dev.corvid.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.corvid.gguf.GgufFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code corvid info MODEL}: what a GGUF file holds, read from its header without touching the weights. */
@Command(name = "info",
        description = {"Show a GGUF file's architecture, hyperparameters, tokenizer, tensors and parameter count.",
                "Only the header is read: the weights stay on disk unless --dequant-sha256 is given."})
final class InfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the GGUF file")
    Path model;

    @Option(names = "--json", description = "print one JSON document instead of tables")
    boolean json;

    @Option(names = "--dequant-sha256",
            description = "add each tensor's sha256 of its dequantized little-endian float32 values (reads all weights)")
    boolean dequantSha256;

    @Override
    public Integer call() throws Exception {
        try (GgufFile gguf = GgufFile.open(model)) {
            ModelSummary summary = ModelSummary.of(gguf, dequantSha256);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                out.println(mapper.writeValueAsString(summary.toJson()));
            } else {
                printTables(summary, gguf, out);
            }
        }
        return 0;
    }

    private static void printTables(ModelSummary s, GgufFile gguf, PrintWriter out) {
        out.printf("file          %s (%s, GGUF v%d, alignment %d)%n", s.file(), Units.bytes(s.fileBytes()),
                s.version(), gguf.alignment());
        out.printf("architecture  %s%s%n", s.architecture(), s.name().isEmpty() ? "" : "  (" + s.name() + ")");
        out.printf("parameters    %,d (%s)%n", s.parameters(), Units.count(s.parameters()));
        out.println();
        out.println("hyperparameters");
        s.hyperparameters().forEach((k, v) -> out.printf("  %-42s %s%n", k, v));
        out.println();
        out.println("tokenizer");
        s.tokenizer().forEach((k, v) -> out.printf("  %-42s %s%n", k, v));
        out.println();
        int nameWidth = Math.max(4, s.tensors().stream().mapToInt(t -> t.name().length()).max().orElse(4));
        String row = "  %-" + nameWidth + "s  %-6s  %-22s  %12s%s%n";
        out.printf(row, "name", "type", "shape", "bytes", s.withSha() ? "  dequant sha256" : "");
        for (ModelSummary.Tensor t : s.tensors()) {
            out.printf(row, t.name(), t.type(), t.shape(), String.format("%,d", t.bytes()),
                    t.dequantSha256() == null ? "" : "  " + t.dequantSha256());
        }
        out.println();
        out.println("totals by type");
        for (Map.Entry<String, ModelSummary.TypeTotal> e : s.totals().entrySet()) {
            ModelSummary.TypeTotal tt = e.getValue();
            out.printf("  %-6s  %4d tensors  %,15d parameters  %12s%n", e.getKey(), tt.tensors(), tt.parameters(),
                    Units.bytes(tt.bytes()));
        }
        long tensorBytes = s.tensors().stream().mapToLong(ModelSummary.Tensor::bytes).sum();
        out.printf("  %-6s  %4d tensors  %,15d parameters  %12s%n", "all", s.tensors().size(), s.parameters(),
                Units.bytes(tensorBytes));
    }
}
