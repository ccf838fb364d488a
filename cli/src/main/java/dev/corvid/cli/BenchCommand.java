package dev.corvid.cli;

import dev.corvid.backend.BackendOptions;
import dev.corvid.backend.CorvidBackend;
import dev.corvid.backend.InferenceBackend;
import dev.corvid.backend.llamacpp.LlamaCpp;
import dev.corvid.backend.llamacpp.LlamaCppBackend;
import dev.corvid.backend.llamacpp.LlamaSettings;
import dev.corvid.lora.LoraStack;
import dev.corvid.model.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code corvid bench -m MODEL}: prompt and generation throughput, Corvid beside llama.cpp, the way
 * llama-bench measures it.
 */
@Command(name = "bench",
        description = {"Measure prefill and decode tokens/s, beside llama.cpp if given.",
                "As llama-bench: ppN evaluates one N-token prompt, tgN evaluates N tokens one at a time; random token ids, each test from an empty",
                "cache, one warm-up run per engine and test, then mean ± stddev over -r runs.",
                "Corvid runs in FAST precision. With --llama-cpp (or $CORVID_LLAMA_CPP) llama.cpp",
                "runs the same file with the same threads in the same process, with its own",
                "defaults as llama-bench uses them; the engines alternate within every repetition",
                "so that machine noise hits both."})
final class BenchCommand implements Callable<Integer> {
    /** llama.cpp's default physical batch: a 512-token prompt is one graph in both engines. */
    private static final int BATCH_SIZE = 512;
    /** Fixed, so that every run and both engines evaluate the same ids. */
    private static final long SEED = 1234;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", description = "the GGUF file")
    Path model;

    @Option(names = {"-p", "--n-prompt"}, paramLabel = "N", defaultValue = "512", description = "prompt tokens of the pp test, 0 to skip it (default ${DEFAULT-VALUE})")
    int promptTokens;

    @Option(names = {"-n", "--n-gen"}, paramLabel = "N", defaultValue = "128", description = "generated tokens of the tg test, 0 to skip it (default ${DEFAULT-VALUE})")
    int generatedTokens;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "2", description = "compute threads of each engine (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = {"-r", "--repetitions"}, paramLabel = "N", defaultValue = "3", description = "timed runs of each test (default ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--llama-cpp", paramLabel = "DIR",
            description = "folder of llama.cpp's libllama/libggml CPU libraries (or its install root"
                    + " holding lib/); default: $" + LlamaCpp.ENVIRONMENT_VARIABLE + "; an empty DIR runs Corvid alone")
    Path llamaCpp;

    @Option(names = "--json", description = "print one JSON document instead of the table")
    boolean json;

    @CommandLine.Mixin
    LoraOptions lora;

    /** The length of the status line on screen. */
    private int progressWidth;

    @Override
    public Integer call() throws Exception {
        List<ThroughputTest> tests = tests();
        BackendOptions options = new BackendOptions(promptTokens + generatedTokens, BATCH_SIZE, threads);
        Optional<Path> llamaFolder = LlamaCpp.configuredFolder(llamaCpp);
        List<InferenceBackend> engines = new ArrayList<>();
        BenchReport report;
        try {
            progress("loading " + model.getFileName());
            CorvidBackend corvid = CorvidBackend.load(model, Precision.FAST, options);
            engines.add(corvid);
            List<LoraOptions.AdapterFile> adapters = lora.files();
            if (!adapters.isEmpty()) {
                corvid.setAdapter(LoraStack.of(corvid.model(), lora.load()));
            }
            if (llamaFolder.isPresent()) {
                LlamaCppBackend llama = LlamaCpp.load(llamaFolder.get()).open(model, options, LlamaSettings.LLAMA_DEFAULTS);
                engines.add(llama);
                for (LoraOptions.AdapterFile adapter : adapters) {
                    llama.addLoraAdapter(adapter.file(), adapter.scale());
                }
            }
            report = new BenchReport(label(adapters), threads, measure(engines, tests));
        } finally {
            progress("");
            engines.forEach(InferenceBackend::close);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            report.printJson(out);
        } else {
            report.printTable(out);
        }
        return 0;
    }

    /** The model's file name, and its adapters' when there are any. */
    private String label(List<LoraOptions.AdapterFile> adapters) {
        StringBuilder label = new StringBuilder(model.getFileName().toString());
        for (LoraOptions.AdapterFile adapter : adapters) {
            label.append(" + ").append(adapter.file().getFileName());
        }
        return label.toString();
    }

    private List<ThroughputTest> tests() {
        if (promptTokens < 0 || generatedTokens < 0 || promptTokens + generatedTokens == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need -p >= 0 and -n >= 0, not both 0");
        }
        if (threads < 1 || repetitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need -t >= 1 and -r >= 1");
        }
        List<ThroughputTest> tests = new ArrayList<>();
        if (promptTokens > 0) {
            tests.add(new ThroughputTest(ThroughputTest.Kind.PP, promptTokens));
        }
        if (generatedTokens > 0) {
            tests.add(new ThroughputTest(ThroughputTest.Kind.TG, generatedTokens));
        }
        return tests;
    }

    /** Warms every engine up on every test, then times the repetitions engine by engine, test by test. */
    private List<Throughput> measure(List<InferenceBackend> engines, List<ThroughputTest> tests) {
        int vocabulary = engines.getFirst().vocabularySize();
        for (InferenceBackend engine : engines) {
            if (engine.vocabularySize() != vocabulary) {
                throw new IllegalStateException(engine.name() + " sees " + engine.vocabularySize()
                        + " tokens, " + engines.getFirst().name() + " " + vocabulary);
            }
        }
        Random random = new Random(SEED);
        for (ThroughputTest test : tests) {
            for (InferenceBackend engine : engines) {
                progress("warm-up " + engine.name() + " " + test.name());
                test.seconds(engine, test.randomTokens(random, vocabulary));
            }
        }
        double[][][] tokensPerSecond = new double[engines.size()][tests.size()][repetitions];
        for (int rep = 0; rep < repetitions; rep++) {
            for (int t = 0; t < tests.size(); t++) {
                ThroughputTest test = tests.get(t);
                int[] ids = test.randomTokens(random, vocabulary);
                for (int e = 0; e < engines.size(); e++) {
                    progress("repetition " + (rep + 1) + "/" + repetitions + " " + engines.get(e).name() + " " + test.name());
                    tokensPerSecond[e][t][rep] = test.tokens() / test.seconds(engines.get(e), ids);
                }
            }
        }
        List<Throughput> results = new ArrayList<>();
        for (int e = 0; e < engines.size(); e++) {
            for (int t = 0; t < tests.size(); t++) {
                results.add(Throughput.of(engines.get(e).name(), tests.get(t).name(), tokensPerSecond[e][t]));
            }
        }
        return results;
    }

    /** One status line on stderr, rewritten in place (padded over the previous one); an empty message clears it. */
    private void progress(String message) {
        String line = message.isEmpty() ? "" : "bench: " + message;
        PrintWriter err = spec.commandLine().getErr();
        err.print("\r" + line + " ".repeat(Math.max(0, progressWidth - line.length())) + (line.isEmpty() ? "\r" : ""));
        err.flush();
        progressWidth = line.length();
    }
}
