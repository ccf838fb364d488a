package dev.corvid.backend;

import dev.corvid.model.GoldenRun;

import java.io.IOException;
import java.util.Arrays;

/**
 * Replays one golden prompt through a backend as the reference run went (golden/README.md): tokenize,
 * one batch, then the reference's greedy ids one at a time; and a free greedy generation.
 *
 * @param tokens       the backend's tokens of the prompt text
 * @param promptMaxAbs max abs difference over the stored prompt rows
 * @param genMaxAbs    max abs difference over the stored generation rows (teacher-forced)
 * @param generated    the backend's own greedy ids from the golden tokens
 */
public record GoldenReplay(int[] tokens, double promptMaxAbs, double genMaxAbs, int[] generated) {

    public static GoldenReplay run(InferenceBackend backend, String goldenDir, String promptId) throws IOException {
        GoldenRun.Prompt golden = GoldenRun.read(goldenDir).prompts().stream()
                .filter(p -> p.id().equals(promptId)).findFirst().orElseThrow();
        GoldenPromptText text = GoldenPromptText.of(promptId);
        int vocabulary = backend.vocabularySize();
        int[] tokens = backend.tokenize(text.text(), text.addSpecial(), text.parseSpecial());

        backend.reset();
        float[] promptLogits = backend.evaluate(golden.tokens(), golden.allLogits());
        if (promptLogits.length != golden.promptLogits().length) {
            throw new AssertionError(promptLogits.length + " prompt logits, the reference has "
                    + golden.promptLogits().length);
        }
        double promptMax = maxAbsDiff(promptLogits, 0, golden.promptLogits(), 0, golden.promptLogits().length);
        float[] row = Arrays.copyOfRange(promptLogits, promptLogits.length - vocabulary, promptLogits.length);
        double genMax = maxAbsDiff(row, 0, golden.genLogits(), 0, vocabulary);
        for (int i = 1; i < golden.genRows(); i++) {
            row = backend.evaluate(new int[] {golden.genIds()[i - 1]}, false);
            genMax = Math.max(genMax, maxAbsDiff(row, 0, golden.genLogits(), i * vocabulary, vocabulary));
        }
        int[] generated = backend.generate(golden.tokens(), golden.genIds().length, TokenPicker.greedy());
        return new GoldenReplay(tokens, promptMax, genMax, generated);
    }

    private static double maxAbsDiff(float[] a, int aOffset, float[] b, int bOffset, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs((double) a[aOffset + i] - b[bOffset + i]));
        }
        return max;
    }
}
