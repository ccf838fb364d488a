package dev.corvid.cli;

import dev.corvid.generate.LanguageModel;
import dev.corvid.gguf.AtomicFile;
import dev.corvid.model.InferenceState;
import dev.corvid.sample.Greedy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code corvid eval}: logits and greedy ids in the golden files' formats, so that llama.cpp's
 * goldens can be re-checked from the shell with {@code ../shared/golden/compare.py}.
 */
@Command(name = "eval",
        description = {"Write a prompt's logits and greedy continuation in the golden formats.",
                "The prompt is evaluated as one batch; the files are PREFIX.tokens.txt, PREFIX.logits.all.f32 (or .last.f32), PREFIX.gen.txt,",
                "PREFIX.gen_logits.f32. Check them with: python3 ../shared/golden/compare.py GOLDEN_DIR P DIR",
                "(PREFIX = DIR/P)."})
final class EvalCommand implements Callable<Integer> {

    @Mixin
    EngineOptions engine;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @ArgGroup(exclusive = true, multiplicity = "1")
        PromptOptions prompt;

        @Option(names = "--tokens", split = ",", paramLabel = "ID", required = true,
                description = "the prompt as token ids, e.g. 1,403,407")
        int[] tokens;
    }

    @Option(names = "--parse-special", description = "turn text that spells a special token into it")
    boolean parseSpecial;

    @Option(names = "--no-bos", description = "do not add the special tokens (BOS) the model asks for")
    boolean noBos;

    @Option(names = "--all-logits", description = "write every prompt row (PREFIX.logits.all.f32), not only the last")
    boolean allLogits;

    @Option(names = "--gen", paramLabel = "N", description = "greedy tokens to generate after the prompt (default: 16)")
    int gen = 16;

    @Option(names = "--out", paramLabel = "PREFIX", required = true, description = "where to write, e.g. out/p1")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (gen < 0) {
            throw new IllegalArgumentException("--gen must be 0 or more: " + gen);
        }
        try (LanguageModel lm = engine.load()) {
            int[] prompt = input.tokens != null ? input.tokens
                    : lm.tokenizer().encode(input.prompt.read(), !noBos, parseSpecial);
            if (prompt.length == 0) {
                throw new IllegalArgumentException("the prompt has no tokens");
            }
            int vocab = lm.model().config().vocabularySize();
            InferenceState state = lm.model().newState(Math.min(lm.model().config().contextLength(),
                    prompt.length + Math.max(gen, 1)));
            state.setAdapter(engine.adapter(lm));
            float[] logits = state.evaluate(prompt, allLogits);
            int lastRow = allLogits ? (prompt.length - 1) * vocab : 0;

            int[] generated = new int[gen];
            float[] genLogits = new float[gen * vocab];
            float[] row = Arrays.copyOfRange(logits, lastRow, lastRow + vocab);
            for (int i = 0; i < gen; i++) {
                System.arraycopy(row, 0, genLogits, i * vocab, vocab);
                generated[i] = Greedy.argmax(row, 0, vocab);
                if (i + 1 < gen) {
                    row = state.evaluate(new int[] {generated[i]}, false);
                }
            }
            Path dir = out.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            String name = out.getFileName().toString();
            writeAtomically(dir.resolve(name + ".tokens.txt"), ids(prompt));
            writeAtomically(dir.resolve(name + (allLogits ? ".logits.all.f32" : ".logits.last.f32")),
                    littleEndian(logits));
            writeAtomically(dir.resolve(name + ".gen.txt"), ids(generated));
            writeAtomically(dir.resolve(name + ".gen_logits.f32"), littleEndian(genLogits));
        }
        return 0;
    }

    private static byte[] ids(int[] ids) {
        return (Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** A file appears whole or not at all. */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        AtomicFile.write(target, ch -> AtomicFile.writeFully(ch, ByteBuffer.wrap(bytes)));
    }
}
