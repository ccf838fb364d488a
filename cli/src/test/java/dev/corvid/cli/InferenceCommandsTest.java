package dev.corvid.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** generate, eval, tokenize and chat, end to end on the shared models. */
class InferenceCommandsTest {
    private static final String STORIES = SharedAssets.models().resolve("stories260K.gguf").toString();
    private static final Path GOLDEN = SharedAssets.golden();

    @Test
    void greedyGenerateReproducesLlamaCppsStory() throws Exception {
        CliRunner.Result r = CliRunner.run("generate", "-m", STORIES, "-p", "Once upon a time", "--temp", "0", "-n", "16");
        assertEquals(0, r.exit(), r.err());
        // the golden's ids as text: each token's piece, from the tokenizer tested against llama.cpp elsewhere
        Tokenizer tokenizer = Tokenizer.load(Path.of(STORIES));
        StringBuilder expected = new StringBuilder("Once upon a time");
        for (String id : Files.readString(GOLDEN.resolve("stories260K/p1.gen.txt")).strip().split(" ")) {
            expected.append(new String(tokenizer.piece(Integer.parseInt(id), false), StandardCharsets.UTF_8));
        }
        assertEquals(expected + "\n", r.out());
        assertTrue(r.err().contains("tokens/s"), r.err());
    }

    @Test
    void evalWritesTheGoldenFormats(@TempDir Path dir) throws Exception {
        CliRunner.Result r = CliRunner.run("eval", "-m", STORIES, "--precise", "-p", "Once upon a time", "--all-logits",
                "--out", dir.resolve("p1").toString());
        assertEquals(0, r.exit(), r.err());
        Path golden = GOLDEN.resolve("stories260K");
        assertEquals(Files.readString(golden.resolve("p1.tokens.txt")).strip(),
                Files.readString(dir.resolve("p1.tokens.txt")).strip());
        assertEquals(Files.readString(golden.resolve("p1.gen.txt")).strip(),
                Files.readString(dir.resolve("p1.gen.txt")).strip());
        float[] expected = floats(golden.resolve("p1.logits.all.f32"));
        float[] actual = floats(dir.resolve("p1.logits.all.f32"));
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-3, "logit " + i);
        }
        assertEquals(16 * 512, floats(dir.resolve("p1.gen_logits.f32")).length);
    }

    @Test
    void tokenizeBatchAnswersEachLine() throws Exception {
        String model = SharedAssets.root().resolve("vocab/ggml-vocab-qwen2.gguf").toString();
        String input = "{\"text\": \"Hello <|im_start|>\", \"parse_special\": true, \"add_special\": true}\n"
                + "{\"text\": \"Hello <|im_start|>\", \"parse_special\": false, \"add_special\": true}\n";
        CliRunner.Result r = CliRunner.runWithInput(input, "tokenize", "-m", model, "--batch");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length);
        ObjectMapper json = new ObjectMapper();
        int[] special = json.readTree(lines[0]).get("ids").traverse(json).readValueAs(int[].class);
        int[] plain = json.readTree(lines[1]).get("ids").traverse(json).readValueAs(int[].class);
        assertEquals(151644, special[special.length - 1], "<|im_start|> parsed as one special token");
        assertTrue(plain.length > special.length, "unparsed, the special text is split into pieces");
    }

    @Test
    void chatAnswersEachPipedLine() {
        String model = SharedAssets.models().resolve("synth-qwen2-256x2.Q8_0.gguf").toString();
        CliRunner.Result r = CliRunner.runWithInput("Hello\nAnd then?\n", "chat", "-m", model, "--temp", "0",
                "-n", "5", "--system", "Be brief.");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().split("\n", -1).length - 1 >= 2, "a reply and its newline per turn: " + r.out());
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void aMissingModelIsNamed() {
        CliRunner.Result r = CliRunner.run("generate", "-m", "no/such/model.gguf", "-p", "x");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no such file: no/such/model.gguf"), r.err());
    }

    @Test
    void theSeedUsedIsPrintedAndReproducesTheText() {
        CliRunner.Result first = CliRunner.run("generate", "-m", STORIES, "-p", "Once upon a time", "-n", "12");
        assertEquals(0, first.exit(), first.err());
        java.util.regex.Matcher seed = java.util.regex.Pattern.compile("seed (\\d+)").matcher(first.err());
        assertTrue(seed.find(), first.err());
        CliRunner.Result again = CliRunner.run("generate", "-m", STORIES, "-p", "Once upon a time", "-n", "12",
                "--seed", seed.group(1));
        assertEquals(first.out(), again.out());
    }

    @Test
    void impossibleNumbersAreRefusedByName() {
        CliRunner.Result gen = CliRunner.run("eval", "-m", STORIES, "--tokens", "1,2", "--gen", "-1", "--out", "x/p");
        assertEquals(1, gen.exit());
        assertTrue(gen.err().contains("--gen"), gen.err());
        CliRunner.Result lastN = CliRunner.run("generate", "-m", STORIES, "-p", "x", "--repeat-last-n", "-2");
        assertEquals(1, lastN.exit());
        assertTrue(lastN.err().contains("--repeat-last-n"), lastN.err());
    }

    private static float[] floats(Path p) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }
}
