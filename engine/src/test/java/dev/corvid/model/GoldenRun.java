package dev.corvid.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.gguf.SharedAssets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One llama.cpp reference run from {@code ../shared/golden/<dir>/} (format in golden/README.md):
 * per prompt, the token ids, the stored logits rows, the 16 greedy ids and their logits rows.
 * A dir holding {@code SAME_AS.txt} is read from the dir it names.
 */
public record GoldenRun(String dir, int vocabularySize, List<Prompt> prompts) {

    /**
     * @param promptLogits {@code rows x n_vocab}: every prompt token ({@code allLogits}) or the last one
     * @param genIds       the greedy ids; id {@code i} is the argmax of generation row {@code i}
     * @param genLogits    the first {@code genRows} generation rows; row 0 is the last prompt row, row
     *                     {@code i > 0} comes from evaluating {@code genIds[i - 1]}
     * @param margins      top-1 minus top-2 logit of each generation row of the reference run
     */
    public record Prompt(String id, int[] tokens, boolean allLogits, float[] promptLogits, int[] genIds,
                  float[] genLogits, int genRows, double[] margins) {
    }

    public static GoldenRun read(String dir) throws IOException {
        Path path = SharedAssets.golden().resolve(dir);
        Path alias = path.resolve("SAME_AS.txt");
        if (Files.exists(alias)) {
            path = SharedAssets.golden().resolve(Files.readAllLines(alias).getFirst().strip());
        }
        return read(path, dir);
    }

    /** The run stored in {@code path} (any golden tree in the same format, e.g. golden-lora), called {@code dir}. */
    public static GoldenRun read(Path path, String dir) throws IOException {
        JsonNode meta = new ObjectMapper().readTree(path.resolve("meta.json").toFile());
        int vocabulary = meta.get("n_vocab").asInt();
        List<Prompt> prompts = new ArrayList<>();
        for (var entry : meta.get("prompts").properties()) {
            String id = entry.getKey();
            JsonNode p = entry.getValue();
            boolean all = p.get("logits").asText().equals("all");
            int genRows = p.get("gen_logits_rows").asInt();
            float[] promptLogits = floats(path.resolve(id + (all ? ".logits.all.f32" : ".logits.last.f32")),
                    p.get("logits_rows").asInt() * vocabulary);
            double[] margins = new double[p.get("top1_top2_margins").size()];
            for (int i = 0; i < margins.length; i++) {
                margins[i] = p.get("top1_top2_margins").get(i).asDouble();
            }
            prompts.add(new Prompt(id, ints(path.resolve(id + ".tokens.txt")), all, promptLogits,
                    ints(path.resolve(id + ".gen.txt")), floats(path.resolve(id + ".gen_logits.f32"),
                    genRows * vocabulary), genRows, margins));
        }
        return new GoldenRun(dir, vocabulary, prompts);
    }

    private static int[] ints(Path file) throws IOException {
        return Arrays.stream(Files.readString(file).strip().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    private static float[] floats(Path file, int count) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() != 4L * count) {
            throw new IOException(file + ": " + bytes.remaining() + " bytes, expected " + 4L * count);
        }
        float[] values = new float[count];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
