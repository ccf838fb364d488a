package dev.corvid.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.GoldenRun;
import dev.corvid.model.Precision;
import dev.corvid.quant.GgmlType;
import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One entry of {@code golden-lora/cases.json} and one of its prompts, with how to reproduce it
 * (golden-lora/README.md): the base {@code synth-qwen2-256x2.f32} is the F16 file, {@code X.dequantf32}
 * is {@code X.gguf} in precise mode, other bases are their own file; {@code precise_reference} entries
 * run in precise mode, the others (quantized bases, the F16 adapter) in fast mode. The adapter of
 * {@code qwen-r8f16.dequantf32} is not shipped: it is the F16 adapter converted to F32.
 */
record LoraGoldenCase(String caseName, String base, String dir, boolean preciseReference, List<Adapter> adapters,
                      GoldenRun.Prompt prompt) {
    private static final String DEQUANT_SUFFIX = ".dequantf32";

    /** @param id the adapter's id in cases.json, its file name without {@code .gguf} */
    record Adapter(String id, float scale) {
    }

    static Path root() {
        return SharedAssets.root().resolve("golden-lora");
    }

    Path modelPath() {
        String file = base.equals("synth-qwen2-256x2.f32") ? "synth-qwen2-256x2.F16.gguf"
                : base.replace(DEQUANT_SUFFIX, "") + ".gguf";
        return SharedAssets.models().resolve(file);
    }

    Precision precision() {
        return base.endsWith(DEQUANT_SUFFIX) || preciseReference ? Precision.PRECISE : Precision.FAST;
    }

    /** The adapters with their scales; a {@code .dequantf32} adapter is written to {@code scratch} first. */
    List<ScaledLora> loadAdapters(Path scratch) throws IOException {
        List<ScaledLora> loaded = new ArrayList<>();
        for (Adapter a : adapters) {
            LoraAdapter adapter;
            if (a.id().endsWith(DEQUANT_SUFFIX)) {
                Path f32 = scratch.resolve(a.id() + ".gguf");
                LoraAdapter.load(adapterFile(a.id().replace(DEQUANT_SUFFIX, "")))
                        .withTypes(GgmlType.F32, GgmlType.F32).save(f32);
                adapter = LoraAdapter.load(f32);
            } else {
                adapter = LoraAdapter.load(adapterFile(a.id()));
            }
            loaded.add(adapter.scaled(a.scale()));
        }
        return loaded;
    }

    static Path adapterFile(String id) {
        return root().resolve("adapters").resolve(id + ".gguf");
    }

    @Override
    public String toString() {
        return dir + " " + prompt.id();
    }

    static Stream<Arguments> all() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : new ObjectMapper().readTree(root().resolve("cases.json").toFile())) {
            List<Adapter> adapters = new ArrayList<>();
            for (JsonNode a : c.get("adapters")) {
                adapters.add(new Adapter(a.get("id").asText(), (float) a.get("scale").asDouble()));
            }
            String dir = c.get("dir").asText();
            for (GoldenRun.Prompt p : GoldenRun.read(root().resolve(dir), dir).prompts()) {
                cases.add(Arguments.of(new LoraGoldenCase(c.get("case").asText(), c.get("base").asText(), dir,
                        c.get("precise_reference").asBoolean(), List.copyOf(adapters), p)));
            }
        }
        return cases.stream();
    }
}
