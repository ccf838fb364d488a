package dev.corvid.lora;

import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.InferenceState;
import dev.corvid.model.Model;
import dev.corvid.model.Precision;
import dev.corvid.model.ProjectionAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Adapters attach, detach and rescale between requests; states with different adapters share one model. */
class HotSwapTest {
    private static final int[] PROMPT = {1, 403, 407, 261, 378};
    private static Model model;
    private static LoraAdapter r8;

    @BeforeAll
    static void load() throws Exception {
        model = Model.load(SharedAssets.models().resolve("stories260K.gguf"), Precision.FAST);
        r8 = LoraAdapter.load(SharedAssets.root().resolve("golden-lora/adapters/stories260K.lora-r8.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] run(InferenceState state, ProjectionAdapter adapter) {
        state.reset();
        state.setAdapter(adapter);
        return state.evaluate(PROMPT, true);
    }

    private static float[] fresh(ProjectionAdapter adapter) {
        return run(model.newState(16), adapter);
    }

    @Test
    void oneStateSwitchesAdaptersBetweenRequests() {
        LoraStack full = LoraStack.of(model, List.of(r8.scaled(1f)));
        LoraStack half = LoraStack.of(model, List.of(r8.scaled(0.5f)));
        InferenceState state = model.newState(16);
        float[] bare = run(state, ProjectionAdapter.NONE);
        float[] withFull = run(state, full);
        float[] withHalf = run(state, half);
        float[] bareAgain = run(state, ProjectionAdapter.NONE);

        assertFalse(Arrays.equals(bare, withFull), "the adapter changes the logits");
        assertArrayEquals(bare, bareAgain, "detaching restores the base model exactly");
        assertArrayEquals(fresh(full), withFull);
        assertArrayEquals(fresh(half), withHalf);
    }

    @Test
    void statesWithDifferentAdaptersShareOneModelConcurrently() throws Exception {
        LoraStack full = LoraStack.of(model, List.of(r8.scaled(1f)));
        float[] expectBare = fresh(ProjectionAdapter.NONE);
        float[] expectFull = fresh(full);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 4; round++) {
                var bare = pool.submit(() -> fresh(ProjectionAdapter.NONE));
                var adapted = pool.submit(() -> fresh(full));
                assertArrayEquals(expectBare, bare.get());
                assertArrayEquals(expectFull, adapted.get());
            }
        }
    }
}
