package dev.corvid.model;

import java.util.Arrays;

/**
 * Runs a model on one golden prompt the way the reference run went, and measures the distance.
 *
 * <p>The prompt is one batch; then the reference's own greedy ids are fed one at a time (teacher
 * forcing), so every generation row is comparable even after our argmax would have differed. While
 * our argmax agrees with every earlier id, it is exactly our own greedy choice, so the greedy check
 * needs no second run. A step whose reference top-1/top-2 margin is below twice our measured error
 * (two logits may each move by that much) is fragile: the greedy check stops there.
 *
 * @param promptMaxAbs   max abs difference over the stored prompt rows
 * @param genMaxAbs      max abs difference over the stored generation rows
 * @param genRowMaxAbs   max abs difference of each stored generation row
 * @param greedyAgreed   leading greedy ids equal to the reference's
 * @param fragileStep    the step where the check stopped on a small margin, or -1
 * @param firstMismatch  the first step where our greedy id differed at a safe margin, or -1
 * @param steps          greedy ids in the reference
 * @param sameIds        steps where our argmax equals the reference id, fragile or not (for the record)
 */
public record GoldenComparison(double promptMaxAbs, double genMaxAbs, double[] genRowMaxAbs, int greedyAgreed,
                               int fragileStep, int firstMismatch, int steps, int sameIds) {

    static GoldenComparison run(Model model, GoldenRun.Prompt golden) {
        return run(model, ProjectionAdapter.NONE, golden);
    }

    /** Runs the prompt in a fresh state of {@code model} with {@code adapter} (a LoRA) set. */
    public static GoldenComparison run(Model model, ProjectionAdapter adapter, GoldenRun.Prompt golden) {
        int vocabulary = model.config().vocabularySize();
        InferenceState state = model.newState();
        state.setAdapter(adapter);
        float[] promptLogits = state.evaluate(golden.tokens(), golden.allLogits());
        if (promptLogits.length != golden.promptLogits().length) {
            throw new AssertionError(promptLogits.length + " prompt logits, the reference has "
                    + golden.promptLogits().length);
        }
        double promptMax = maxAbsDiff(promptLogits, 0, golden.promptLogits(), 0, promptLogits.length);

        int steps = golden.genIds().length;
        float[][] rows = new float[steps][];
        rows[0] = Arrays.copyOfRange(promptLogits, promptLogits.length - vocabulary, promptLogits.length);
        for (int i = 1; i < steps; i++) {
            rows[i] = state.evaluate(new int[] {golden.genIds()[i - 1]}, false);
        }
        double[] genRowMax = new double[golden.genRows()];
        double genMax = 0;
        for (int i = 0; i < golden.genRows(); i++) {
            genRowMax[i] = maxAbsDiff(rows[i], 0, golden.genLogits(), i * vocabulary, vocabulary);
            genMax = Math.max(genMax, genRowMax[i]);
        }

        double fragile = 2 * Math.max(promptMax, genMax);
        int agreed = 0;
        while (agreed < steps && golden.margins()[agreed] >= fragile
                && argmax(rows[agreed]) == golden.genIds()[agreed]) {
            agreed++;
        }
        int same = 0;
        for (int i = 0; i < steps; i++) {
            same += argmax(rows[i]) == golden.genIds()[i] ? 1 : 0;
        }
        boolean stoppedOnMargin = agreed < steps && golden.margins()[agreed] < fragile;
        return new GoldenComparison(promptMax, genMax, genRowMax, agreed, stoppedOnMargin ? agreed : -1,
                agreed < steps && !stoppedOnMargin ? agreed : -1, steps, same);
    }

    /** Max abs difference over the first {@code rows} stored generation rows (all when there are fewer). */
    public double genMaxAbs(int rows) {
        return Arrays.stream(genRowMaxAbs, 0, Math.min(rows, genRowMaxAbs.length)).max().orElse(0);
    }

    /** The lowest index of the largest value, as the reference's greedy step. */
    static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double maxAbsDiff(float[] a, int aOffset, float[] b, int bOffset, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs((double) a[aOffset + i] - b[bOffset + i]));
        }
        return max;
    }

    public String summary() {
        return String.format("prompt %.3g gen %.3g greedy %d/%d same %d/%d%s%s", promptMaxAbs, genMaxAbs, greedyAgreed,
                steps, sameIds, steps,
                fragileStep >= 0 ? " (stopped at fragile step " + fragileStep + ")" : "",
                firstMismatch >= 0 ? " MISMATCH at step " + firstMismatch : "");
    }
}
