package dev.corvid.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** The results of {@code corvid bench} as a llama-bench style table or as JSON. */
record BenchReport(String model, int threads, List<Throughput> results) {
    static final String CORVID = "corvid";
    static final String LLAMA_CPP = "llama.cpp";

    void printTable(PrintWriter out) {
        int modelWidth = Math.max(5, model.length());
        String row = "| %-9s | %-" + modelWidth + "s | %7s | %7s | %20s |%n";
        out.printf(row, "engine", "model", "threads", "test", "t/s");
        out.printf(row, "-".repeat(9), "-".repeat(modelWidth), "------:", "------:", "-------------------:");
        for (Throughput r : results) {
            out.printf(row, r.engine(), model, threads, r.test(),
                    String.format("%.2f ± %.2f", r.tokensPerSecond(), r.stddev()));
        }
        List<String> ratios = results.stream().filter(r -> r.engine().equals(CORVID))
                .flatMap(c -> ratio(c.test()).map(x -> String.format("| %7s | %16.3f |", c.test(), x)).stream())
                .toList();
        if (!ratios.isEmpty()) {
            out.println();
            out.printf("| %7s | %16s |%n", "test", "corvid/llama.cpp");
            out.printf("| %7s | %16s |%n", "------:", "---------------:");
            ratios.forEach(out::println);
        }
    }

    void printJson(PrintWriter out) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode doc = mapper.createObjectNode().put("model", model).put("threads", threads);
        ArrayNode array = doc.putArray("results");
        for (Throughput r : results) {
            array.addObject().put("engine", r.engine()).put("test", r.test())
                    .put("tokens_per_second", r.tokensPerSecond()).put("stddev", r.stddev());
        }
        out.println(mapper.writeValueAsString(doc));
    }

    /** Corvid's mean speed over llama.cpp's on {@code test}, when both ran it. */
    Optional<Double> ratio(String test) {
        Optional<Throughput> corvid = find(CORVID, test);
        Optional<Throughput> llama = find(LLAMA_CPP, test);
        return corvid.isPresent() && llama.isPresent()
                ? Optional.of(corvid.get().tokensPerSecond() / llama.get().tokensPerSecond()) : Optional.empty();
    }

    private Optional<Throughput> find(String engine, String test) {
        return results.stream().filter(r -> r.engine().equals(engine) && r.test().equals(test)).findFirst();
    }
}
