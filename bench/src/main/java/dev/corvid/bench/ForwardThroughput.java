package dev.corvid.bench;

import dev.corvid.model.InferenceState;
import dev.corvid.model.Model;
import dev.corvid.model.Precision;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * End-to-end speed in llama-bench's terms: prefill ({@code pp}: one batch of N prompt tokens) and
 * decode ({@code tg}: M tokens one at a time after it) in tokens per second, fast mode, median of
 * the repetitions after one warm-up round. Token ids are random, the work does not depend on them.
 *
 * <pre>
 * java ... dev.corvid.bench.ForwardThroughput model.gguf [prompt=512] [generate=128] [repetitions=3]
 * </pre>
 */
public final class ForwardThroughput {
    private ForwardThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path path = Path.of(args[0]);
        int prompt = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int generate = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        long loadStart = System.nanoTime();
        try (Model model = Model.load(path, Precision.FAST)) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            int vocabulary = model.config().vocabularySize();
            Random random = new Random(42);
            int[] tokens = random.ints(prompt, 0, vocabulary).toArray();
            InferenceState state = model.newState(prompt + generate);
            double[] prefill = new double[repetitions];
            double[] decode = new double[repetitions];
            for (int round = -1; round < repetitions; round++) {
                state.reset();
                long start = System.nanoTime();
                float[] logits = state.evaluate(tokens, false);
                long prefilled = System.nanoTime();
                for (int i = 0; i < generate; i++) {
                    logits = state.evaluate(new int[] {argmax(logits)}, false);
                }
                long end = System.nanoTime();
                if (round >= 0) {
                    prefill[round] = prompt / ((prefilled - start) / 1e9);
                    decode[round] = generate / ((end - prefilled) / 1e9);
                }
            }
            System.out.printf("%s: load %.2f s, pp%d %.1f t/s, tg%d %.1f t/s (medians of %d; all pp %s tg %s)%n",
                    path.getFileName(), loadSeconds, prompt, median(prefill), generate, median(decode), repetitions,
                    Arrays.toString(round(prefill)), Arrays.toString(round(decode)));
        }
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
    }
}
